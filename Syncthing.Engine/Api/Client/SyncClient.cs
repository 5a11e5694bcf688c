using System.Text;
using System.Text.Json;
using Syncthing.Engine.Config;
using Syncthing.Engine.Events;

namespace Syncthing.Engine.Api.Client;

/// <summary>
/// A typed client of Syncthing 1.19's REST API over any <see cref="IRestTransport"/>: the same calls work on an
/// in-process node, our daemon and real Syncthing. Non-success answers throw <see cref="SyncApiException"/>.
/// </summary>
public sealed class SyncClient(IRestTransport transport)
{
    public IRestTransport Transport { get; } = transport ?? throw new ArgumentNullException(nameof(transport));

    /// <summary>A client calling <paramref name="handler"/> in process.</summary>
    public static SyncClient InProcess(IRestHandler handler, string apiKey) => new(new InProcessRestTransport(handler, apiKey));

    /// <summary>A client calling a node's REST API at <paramref name="baseUri"/> with <paramref name="http"/>.</summary>
    public static SyncClient Http(HttpClient http, Uri baseUri, string apiKey) => new(new HttpRestTransport(http, baseUri, apiKey));

    /// <summary>
    /// A client over HTTP whose ordinary calls fail after <paramref name="requestTimeout"/>, while event polls, scans
    /// and bundle transfers run as long as their work (give <paramref name="http"/> an infinite timeout).
    /// </summary>
    public static SyncClient Http(HttpClient http, Uri baseUri, string apiKey, TimeSpan requestTimeout) =>
        new(new HttpRestTransport(http, baseUri, apiKey) { RequestTimeout = requestTimeout });

    public Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken) => GetAsync<SystemStatus>("/rest/system/status", null, cancellationToken);

    public Task<SystemVersion> GetVersionAsync(CancellationToken cancellationToken) => GetAsync<SystemVersion>("/rest/system/version", null, cancellationToken);

    public Task<ConnectionsInfo> GetConnectionsAsync(CancellationToken cancellationToken) => GetAsync<ConnectionsInfo>("/rest/system/connections", null, cancellationToken);

    public Task ShutdownAsync(CancellationToken cancellationToken) => SendAsync("POST", "/rest/system/shutdown", null, null, cancellationToken);

    public async Task<Configuration> GetConfigAsync(CancellationToken cancellationToken) =>
        ConfigJson.Deserialize<Configuration>((await SendAsync("GET", "/rest/config", null, null, cancellationToken).ConfigureAwait(false)).Span);

    public Task SetConfigAsync(Configuration configuration, CancellationToken cancellationToken) =>
        SendAsync("PUT", "/rest/config", null, ConfigJson.SerializeToUtf8Bytes(configuration), cancellationToken);

    public async Task<IReadOnlyList<FolderConfiguration>> GetFoldersAsync(CancellationToken cancellationToken) =>
        ConfigJson.Deserialize<ValueList<FolderConfiguration>>((await SendAsync("GET", "/rest/config/folders", null, null, cancellationToken).ConfigureAwait(false)).Span);

    /// <summary>Adds the folder, or replaces the one with its ID (POST /rest/config/folders).</summary>
    public Task AddFolderAsync(FolderConfiguration folder, CancellationToken cancellationToken) =>
        SendAsync("POST", "/rest/config/folders", null, ConfigJson.SerializeToUtf8Bytes(folder), cancellationToken);

    /// <summary>Replaces (or creates) the folder with its ID (PUT /rest/config/folders/{id}).</summary>
    public Task PutFolderAsync(FolderConfiguration folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return SendAsync("PUT", "/rest/config/folders/" + folder.Id, null, ConfigJson.SerializeToUtf8Bytes(folder), cancellationToken);
    }

    public Task RemoveFolderAsync(string folderId, CancellationToken cancellationToken) =>
        SendAsync("DELETE", "/rest/config/folders/" + folderId, null, null, cancellationToken);

    public async Task<IReadOnlyList<DeviceConfiguration>> GetDevicesAsync(CancellationToken cancellationToken) =>
        ConfigJson.Deserialize<ValueList<DeviceConfiguration>>((await SendAsync("GET", "/rest/config/devices", null, null, cancellationToken).ConfigureAwait(false)).Span);

    /// <summary>Adds the device, or replaces the one with its ID (POST /rest/config/devices).</summary>
    public Task AddDeviceAsync(DeviceConfiguration device, CancellationToken cancellationToken) =>
        SendAsync("POST", "/rest/config/devices", null, ConfigJson.SerializeToUtf8Bytes(device), cancellationToken);

    public Task RemoveDeviceAsync(Identity.DeviceId device, CancellationToken cancellationToken) =>
        SendAsync("DELETE", "/rest/config/devices/" + device, null, null, cancellationToken);

    public Task<FolderStatus> GetFolderStatusAsync(string folderId, CancellationToken cancellationToken) =>
        GetAsync<FolderStatus>("/rest/db/status", Q(("folder", folderId)), cancellationToken);

    /// <summary>/rest/db/completion of a folder (null: all) for a device (null: the local device).</summary>
    public Task<CompletionInfo> GetCompletionAsync(string? folderId, Identity.DeviceId? device, CancellationToken cancellationToken) =>
        GetAsync<CompletionInfo>("/rest/db/completion", Q(("folder", folderId), ("device", device?.ToString())), cancellationToken);

    public Task<NeedList> GetNeedAsync(string folderId, CancellationToken cancellationToken) =>
        GetAsync<NeedList>("/rest/db/need", Q(("folder", folderId)), cancellationToken);

    /// <summary>Scans a folder (null: all), optionally one sub-path; returns when the scan is done.</summary>
    public Task ScanAsync(string? folderId, string? subPath, CancellationToken cancellationToken) =>
        SendAsync("POST", "/rest/db/scan", Q(("folder", folderId), ("sub", subPath)), null, cancellationToken);

    public Task OverrideAsync(string folderId, CancellationToken cancellationToken) =>
        SendAsync("POST", "/rest/db/override", Q(("folder", folderId)), null, cancellationToken);

    public Task RevertAsync(string folderId, CancellationToken cancellationToken) =>
        SendAsync("POST", "/rest/db/revert", Q(("folder", folderId)), null, cancellationToken);

    public Task<IgnoresInfo> GetIgnoresAsync(string folderId, CancellationToken cancellationToken) =>
        GetAsync<IgnoresInfo>("/rest/db/ignores", Q(("folder", folderId)), cancellationToken);

    public async Task<IgnoresInfo> SetIgnoresAsync(string folderId, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new IgnoresBody(lines), ApiJsonContext.Default.IgnoresBody);
        var answer = await SendAsync("POST", "/rest/db/ignores", Q(("folder", folderId)), body, cancellationToken).ConfigureAwait(false);
        return Deserialize<IgnoresInfo>(answer);
    }

    /// <summary>Exports a bundle on the node (our extension: POST /rest/bundle/export; paths are the node's).</summary>
    public Task<BundleExportResponse> ExportBundleAsync(BundleExportRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync<BundleExportResponse>("/rest/bundle/export", request, cancellationToken);

    /// <summary>Imports a bundle on the node, or with DryRun lists what it would change (POST /rest/bundle/import).</summary>
    public Task<BundleImportResponse> ImportBundleAsync(BundleImportRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync<BundleImportResponse>("/rest/bundle/import", request, cancellationToken);

    /// <summary>Gives the node a target's receipt for one of its bundles (POST /rest/bundle/receipt).</summary>
    public Task<BundleReceiptResponse> AcceptBundleReceiptAsync(BundleReceiptRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync<BundleReceiptResponse>("/rest/bundle/receipt", request, cancellationToken);

    /// <summary>
    /// Long-polls /rest/events: events after <paramref name="since"/> of the given types (none: 1.19's default
    /// mask), waiting up to <paramref name="timeout"/> (whole seconds) for one; empty when none came.
    /// </summary>
    public Task<IReadOnlyList<SyncEvent>> GetEventsAsync(long since, IReadOnlyCollection<EventType>? types, TimeSpan timeout, int limit = 0, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SyncEvent>>("/rest/events", Q(
            ("since", since.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("limit", limit > 0 ? limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
            ("timeout", ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("events", types is { Count: > 0 } ? string.Join(',', types) : null)), cancellationToken);

    /// <summary>Any call; returns the body of a success, throws <see cref="SyncApiException"/> otherwise.</summary>
    public async Task<ReadOnlyMemory<byte>> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? query, byte[]? body, CancellationToken cancellationToken)
    {
        var response = await Transport.SendAsync(method, path, query, body, cancellationToken).ConfigureAwait(false);
        if (response.Status is < 200 or > 299)
        {
            throw new SyncApiException(response.Status, Encoding.UTF8.GetString(response.Body.Span), method, path);
        }

        return response.Body;
    }

    private async Task<T> GetAsync<T>(string path, IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken) =>
        Deserialize<T>(await SendAsync("GET", path, query, null, cancellationToken).ConfigureAwait(false));

    private async Task<T> PostJsonAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ApiJsonContext.Default);
        return Deserialize<T>(await SendAsync("POST", path, null, bytes, cancellationToken).ConfigureAwait(false));
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> body) =>
        (T?)JsonSerializer.Deserialize(body.Span, typeof(T), ApiJsonContext.Default) ?? throw new JsonException($"null {typeof(T).Name}");

    private static Dictionary<string, string> Q(params (string Name, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Name, p => p.Value!, StringComparer.Ordinal);
}
