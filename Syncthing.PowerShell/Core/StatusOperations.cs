using System.Runtime.CompilerServices;
using System.Text.Json;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Events;

namespace Syncthing.PowerShell.Core;

/// <summary>Status, connections, needs, scans, repairs and events (Get-SyncStatus, Get-SyncConnection, Get-SyncNeed, Invoke-SyncScan, Repair-SyncFolder, Watch-SyncEvent).</summary>
internal sealed class StatusOperations(NodeRegistry registry)
{
    /// <summary>One status per folder (all, or those named) per node (all nodes when <paramref name="nodes"/> is empty).</summary>
    public async Task<IReadOnlyList<SyncStatus>> GetStatusAsync(IReadOnlyList<string>? nodes, IReadOnlyList<string>? folderIds, CancellationToken cancellationToken)
    {
        var result = new List<SyncStatus>();
        var handles = nodes is { Count: > 0 } ? [.. nodes.Select(registry.Get)] : registry.All;
        foreach (var handle in handles)
        {
            var folders = await Operations.CallAsync(handle, () => handle.Client.GetFoldersAsync(cancellationToken)).ConfigureAwait(false);
            foreach (var folder in folders.Where(f => folderIds is not { Count: > 0 } || folderIds.Contains(f.Id)))
            {
                result.Add(await GetFolderStatusAsync(handle, folder.Id, folder.Label, folder.Paused, cancellationToken).ConfigureAwait(false));
            }
        }

        return result;
    }

    public async Task<SyncStatus> GetFolderStatusAsync(SyncNodeHandle handle, string folderId, string label, bool paused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var s = await Operations.CallAsync(handle, () => handle.Client.GetFolderStatusAsync(folderId, cancellationToken)).ConfigureAwait(false);
        var percent = s.GlobalBytes == 0 ? 100.0 : Math.Round(100.0 * s.InSyncBytes / s.GlobalBytes, 2);
        var error = !string.IsNullOrEmpty(s.Invalid) ? s.Invalid : s.PullErrors > 0 ? $"{s.PullErrors} items failed to sync" : null;
        var lastScan = handle.Node?.LastScan(folderId) ?? await RemoteLastScanAsync(handle, folderId, cancellationToken).ConfigureAwait(false);
        return new SyncStatus(handle.Name, folderId, label, paused ? "paused" : s.State, s.NeedFiles, s.NeedBytes, percent, s.GlobalFiles, s.GlobalBytes, s.LocalFiles, s.LocalBytes, lastScan, s.Errors + s.PullErrors, error);
    }

    public async Task<IReadOnlyList<SyncConnectionInfo>> GetConnectionsAsync(string? node, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var info = await Operations.CallAsync(handle, () => handle.Client.GetConnectionsAsync(cancellationToken)).ConfigureAwait(false);
        return [.. info.Connections
            .Where(c => c.Key != handle.DeviceId)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new SyncConnectionInfo(handle.Name, c.Key, c.Value.Connected, c.Value.Paused, c.Value.Address ?? "", c.Value.ClientVersion ?? "", c.Value.Type ?? "", c.Value.InBytesTotal, c.Value.OutBytesTotal))];
    }

    /// <summary>What the node lacks in a folder: in progress, queued and the rest, and why (it is newer elsewhere or deleted there).</summary>
    public async Task<IReadOnlyList<SyncNeedItem>> GetNeedAsync(string? node, string folderId, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var need = await Operations.CallAsync(handle, () => handle.Client.GetNeedAsync(folderId, cancellationToken)).ConfigureAwait(false);
        IEnumerable<SyncNeedItem> Items(IReadOnlyList<DbFile>? files, string queue) =>
            (files ?? []).Select(f => new SyncNeedItem(handle.Name, folderId, f.Name, queue, f.Size, f.Deleted, f.Modified, f.ModifiedBy ?? "", Reason(f)));
        return [.. Items(need.Progress, "Progress"), .. Items(need.Queued, "Queued"), .. Items(need.Rest, "Rest")];
    }

    /// <summary>Scans a folder (null: every folder) and returns once the scan is done.</summary>
    public async Task ScanAsync(string? node, string? folderId, string? subPath, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        await Operations.CallAsync(handle, () => handle.Client.ScanAsync(folderId, subPath, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Override (send-only: make the others match us) or revert (receive-only: drop local changes).</summary>
    public async Task RepairAsync(string? node, string folderId, bool revert, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        await Operations.CallAsync(handle, () => revert ? handle.Client.RevertAsync(folderId, cancellationToken) : handle.Client.OverrideAsync(folderId, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams events after <paramref name="since"/> (0: from now on; the newest existing event ID is looked up
    /// first) of the given types, long-polling until cancelled or, with <paramref name="until"/>, until that
    /// many events were produced.
    /// </summary>
    public async IAsyncEnumerable<SyncEventRecord> WatchEventsAsync(string? node, IReadOnlyCollection<string>? types, long since, int? until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var mask = types is { Count: > 0 } ? types.Select(ParseEventType).ToList() : null;
        if (since <= 0)
        {
            var existing = await Operations.CallAsync(handle, () => handle.Client.GetEventsAsync(0, null, TimeSpan.Zero, cancellationToken: cancellationToken)).ConfigureAwait(false);
            since = existing.Select(e => e.Id).DefaultIfEmpty(0).Max();
        }

        var produced = 0;
        while (until is null || produced < until)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var events = await Operations.CallAsync(handle, () => handle.Client.GetEventsAsync(since, mask, TimeSpan.FromSeconds(1), cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var e in events)
            {
                since = Math.Max(since, e.Id);
                yield return Describe(handle.Name, e);
                if (until is not null && ++produced >= until)
                {
                    yield break;
                }
            }
        }
    }

    public static SyncEventRecord Describe(string node, SyncEvent e) =>
        new(node, e.Id, e.Time, e.Type, Property(e.Data, "folder"), Property(e.Data, "device") ?? Property(e.Data, "id"), e.Data.ValueKind == JsonValueKind.Undefined ? "" : e.Data.GetRawText());

    private static string? Property(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static EventType ParseEventType(string name) =>
        Enum.TryParse<EventType>(name, ignoreCase: true, out var type) && Enum.IsDefined(type)
            ? type
            : throw new SyncOperationException(SyncErrorIds.ApiError, SyncErrorKind.InvalidArgument, $"'{name}' is not an event type; known: {string.Join(", ", Enum.GetNames<EventType>())}.", name);

    private static string Reason(DbFile f) =>
        f.Deleted ? "deleted on another device" : f.Invalid ? "invalid or ignored on another device" : $"newer version from {(string.IsNullOrEmpty(f.ModifiedBy) ? "another device" : f.ModifiedBy)}";

    /// <summary>lastScan from /rest/stats/folder (real Syncthing has it); null when the node lacks it.</summary>
    private static async Task<DateTimeOffset?> RemoteLastScanAsync(SyncNodeHandle handle, string folderId, CancellationToken cancellationToken)
    {
        try
        {
            var body = await handle.Client.SendAsync("GET", "/rest/stats/folder", null, null, cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty(folderId, out var stats) && stats.TryGetProperty("lastScan", out var last) && last.TryGetDateTimeOffset(out var at) && at.Year > 1
                ? at
                : null;
        }
        catch (Exception e) when (e is SyncApiException or HttpRequestException or JsonException)
        {
            return null;
        }
    }
}
