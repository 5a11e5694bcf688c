using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Hosting;

namespace Syncthing.PowerShell.Core;

/// <summary>
/// One node known to a session: its name, how it is reached, the REST client every operation goes through, and
/// the engine itself when it runs in process (owned by the handle: disposing the handle stops it).
/// </summary>
internal sealed class SyncNodeHandle : IAsyncDisposable
{
    private readonly HttpClient? _http;

    public SyncNodeHandle(string name, SyncNodeKind kind, SyncClient client, string deviceId, SyncNode? node = null, HttpClient? http = null)
    {
        Name = name;
        Kind = kind;
        Client = client;
        DeviceId = deviceId;
        Node = node;
        _http = http;
    }

    public string Name { get; }

    public SyncNodeKind Kind { get; }

    public SyncClient Client { get; }

    public string DeviceId { get; }

    /// <summary>The engine, for an in-process node; null otherwise.</summary>
    public SyncNode? Node { get; }

    /// <summary>The REST base address of a remote or service node.</summary>
    public Uri? ApiUri { get; init; }

    /// <summary>The home directory, when known.</summary>
    public string? Home { get; init; }

    /// <summary>The process ID of a service node this session started.</summary>
    public int? ProcessId { get; init; }

    /// <summary>BEP listen addresses (tcp://host:port) of an in-process node.</summary>
    public IReadOnlyList<string> ListenAddresses =>
        Node is null ? [] : [.. Node.ListenEndpoints.Select(e => $"tcp://{e}")];

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync().ConfigureAwait(false);
        }

        _http?.Dispose();
    }
}
