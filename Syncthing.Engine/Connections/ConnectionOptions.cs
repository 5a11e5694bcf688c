namespace Syncthing.Engine.Connections;

/// <summary>How this node introduces itself and how long handshakes may take.</summary>
public sealed record ConnectionOptions
{
    /// <summary>Hello client_name; Syncthing shows it in /rest/system/connections as clientVersion's prefix.</summary>
    public string ClientName { get; init; } = "syncthing-ps";

    public string ClientVersion { get; init; } =
        "v" + (typeof(ConnectionOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>TLS handshake deadline (Syncthing: 10 s).</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hello exchange deadline, both directions (Syncthing: 20 s).</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>TCP connect deadline for dials.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The node's bandwidth limits, applied to every admitted connection; null leaves transfers unlimited.</summary>
    public BandwidthLimiter? Bandwidth { get; init; }

    /// <summary>
    /// Wraps the authenticated stream of each admitted connection before BEP starts on it (byte counting, capture),
    /// outside the bandwidth limits. Null leaves the TLS stream as it is.
    /// </summary>
    public Func<Syncthing.Engine.Identity.DeviceId, Stream, Stream>? WrapStream { get; init; }

    /// <summary>An existing connection younger than this is not replaced by a new one to the same device.</summary>
    public TimeSpan ReplaceAfter { get; init; } = TimeSpan.FromSeconds(10);
}
