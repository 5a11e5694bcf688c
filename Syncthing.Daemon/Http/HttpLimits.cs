namespace Syncthing.Daemon.Http;

/// <summary>Bounds on what one client may make the REST listener hold or wait for.</summary>
internal sealed record HttpLimits
{
    /// <summary>Request bodies larger than this are refused with 413 (a config.xml may be as large, see ConfigXml).</summary>
    public long MaxBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Connections served at once; further clients wait in the listen backlog.</summary>
    public int MaxConnections { get; init; } = 128;

    /// <summary>From accepting a connection to the end of its first request head.</summary>
    public TimeSpan HeadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle persistent connection is kept for its next request.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>From the end of a request head to the end of its body.</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>For the client to take one answer.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
