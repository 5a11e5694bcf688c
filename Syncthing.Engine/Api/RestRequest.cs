namespace Syncthing.Engine.Api;

/// <summary>
/// One REST call, independent of the HTTP server that received it. <paramref name="Path"/> starts with "/rest/";
/// <paramref name="Query"/> holds decoded query parameters (the last value wins when one repeats);
/// <paramref name="ApiKey"/> is the X-API-Key header (or the Bearer token), null when absent.
/// </summary>
public sealed record RestRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? ApiKey,
    ReadOnlyMemory<byte> Body);
