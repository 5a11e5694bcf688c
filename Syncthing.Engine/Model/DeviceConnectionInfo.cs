using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Model;

/// <summary>
/// One row of <c>/rest/system/connections</c>: a configured device and, when connected, its connection's details.
/// Byte counts are BEP payload bytes as written to and read from the (compressed) stream.
/// </summary>
internal sealed record DeviceConnectionInfo
{
    public required DeviceId DeviceId { get; init; }

    public bool Connected { get; init; }

    public bool Paused { get; init; }

    /// <summary>The peer's address, e.g. <c>127.0.0.1:51234</c>; empty when not connected.</summary>
    public string Address { get; init; } = "";

    /// <summary>1.19's <c>type</c>: <c>tcp-client</c> when we dialed, <c>tcp-server</c> when the peer did.</summary>
    public string Type { get; init; } = "";

    /// <summary>The Hello's client version (e.g. <c>v1.19.2</c>).</summary>
    public string ClientVersion { get; init; } = "";

    public string ClientName { get; init; } = "";

    /// <summary>The name the peer announced for itself in its Hello.</summary>
    public string DeviceName { get; init; } = "";

    /// <summary>The negotiated TLS protocol and cipher suite.</summary>
    public string Crypto { get; init; } = "";

    public long InBytesTotal { get; init; }

    public long OutBytesTotal { get; init; }

    /// <summary>When the connection was established; null when not connected.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}
