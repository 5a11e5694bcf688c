using System.Globalization;
using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Api;

/// <summary>JSON pieces shared by the handlers, in 1.19's shapes: times, file objects, DB counts.</summary>
internal static class ApiJson
{
    /// <summary>Go's zero <c>time.Time</c>, as 1.19 prints it for "never".</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>The Unix epoch, which 1.19's statistics print for "never seen".</summary>
    public const string EpochTime = "1970-01-01T00:00:00Z";

    public static string Time(DateTimeOffset value) => Rfc3339.Format(value.ToUniversalTime());

    /// <summary>1.19's file object (jsonFileInfo); <paramref name="withBlocks"/> false gives the truncated form (numBlocks null).</summary>
    public static JsonObject File(FileRecord f, bool withBlocks)
    {
        ArgumentNullException.ThrowIfNull(f);
        var o = new JsonObject
        {
            ["deleted"] = f.Deleted,
            ["ignored"] = (f.LocalFlags & LocalFlags.Ignored) != 0,
            ["invalid"] = f.Invalid,
            ["localFlags"] = (uint)f.LocalFlags,
            ["modified"] = Time(f.Modified),
            ["modifiedBy"] = new Identity.ShortId(f.ModifiedBy).ToString(),
            ["mustRescan"] = (f.LocalFlags & LocalFlags.MustRescan) != 0,
            ["name"] = f.Name,
            ["noPermissions"] = f.NoPermissions,
            ["numBlocks"] = withBlocks ? f.Blocks.Length : null,
        };
        if (!f.NoPermissions)
        {
            o["permissions"] = "0" + Convert.ToString(f.Permissions, 8);
        }

        o["sequence"] = f.Sequence;
        o["size"] = f.Size;
        o["type"] = TypeName(f.Kind);
        o["version"] = new JsonArray([.. f.Version.Counters.Select(c =>
            (JsonNode)(new Identity.ShortId(c.Id) + ":" + c.Value.ToString(CultureInfo.InvariantCulture)))]);
        return o;
    }

    public static string TypeName(FileKind kind) => kind switch
    {
        FileKind.Directory => "FILE_INFO_TYPE_DIRECTORY",
        FileKind.Symlink => "FILE_INFO_TYPE_SYMLINK",
        _ => "FILE_INFO_TYPE_FILE",
    };

    public static JsonArray Files(IEnumerable<FileRecord> files) => new([.. files.Select(f => (JsonNode)File(f, withBlocks: false))]);

    public static JsonNode? FromConfig<T>(T value) => JsonNode.Parse(ConfigJson.Serialize(value));
}
