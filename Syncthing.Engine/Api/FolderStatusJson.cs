using System.Text.Json.Nodes;

namespace Syncthing.Engine.Api;

/// <summary>1.19's folder summary: the body of <c>/rest/db/status</c> and the <c>summary</c> of FolderSummary events.</summary>
internal static class FolderStatusJson
{
    /// <summary>The /rest/db/status object (also FolderSummary's <c>summary</c>).</summary>
    public static JsonObject Build(IApiNode node, string folder)
    {
        ArgumentNullException.ThrowIfNull(node);
        var store = node.Index;
        var global = store.GlobalCounts(folder);
        var local = store.LocalCounts(folder);
        var need = store.NeedCounts(folder);
        var sequence = store.GetLocalMaxSequence(folder);
        var (state, changed) = node.FolderState(folder);
        var ignores = node.GetIgnores(folder);
        return new JsonObject
        {
            ["errors"] = 0,
            ["globalBytes"] = global.Bytes,
            ["globalDeleted"] = global.Deleted,
            ["globalDirectories"] = global.Directories,
            ["globalFiles"] = global.Files,
            ["globalSymlinks"] = global.Symlinks,
            ["globalTotalItems"] = global.TotalItems,
            ["ignorePatterns"] = ignores.Expanded is { Count: > 0 },
            ["inSyncBytes"] = global.Bytes - need.Bytes,
            ["inSyncFiles"] = global.Files - need.Files,
            ["invalid"] = "",
            ["localBytes"] = local.Bytes,
            ["localDeleted"] = local.Deleted,
            ["localDirectories"] = local.Directories,
            ["localFiles"] = local.Files,
            ["localSymlinks"] = local.Symlinks,
            ["localTotalItems"] = local.TotalItems,
            ["needBytes"] = need.Bytes,
            ["needDeletes"] = need.Deleted,
            ["needDirectories"] = need.Directories,
            ["needFiles"] = need.Files,
            ["needSymlinks"] = need.Symlinks,
            ["needTotalItems"] = need.TotalItems,
            ["pullErrors"] = 0,
            ["sequence"] = sequence,
            ["state"] = state,
            ["stateChanged"] = ApiJson.Time(changed),
            ["version"] = sequence,
        };
    }
}
