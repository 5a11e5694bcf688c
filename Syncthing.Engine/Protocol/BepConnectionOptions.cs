namespace Syncthing.Engine.Protocol;

/// <summary>Tunables of one BEP connection; the defaults are Syncthing 1.19's.</summary>
public sealed record BepConnectionOptions
{
    /// <summary>Our compression setting for this device.</summary>
    public CompressionMode Compression { get; init; } = CompressionMode.Metadata;

    /// <summary>Send a Ping when nothing was written for this long.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Close the connection when nothing was read for this long.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How often the keep-alive and timeout checks run.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a Close message may take to be written before the transport is torn down.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest message payload accepted from the peer.</summary>
    public int MaxMessageLength { get; init; } = BepLimits.MaxMessageLength;

    /// <summary>
    /// Requests up to this size start being served on the connection's read loop (they continue elsewhere once they
    /// would wait); larger ones are handed to the thread pool so that reading and checking big blocks runs in
    /// parallel with reading further messages.
    /// </summary>
    public int InlineServeMaxBytes { get; init; } = 128 * 1024;

    /// <summary>Bytes of block data this connection's peer may have requested from us at once.</summary>
    public long MaxIncomingRequestBytes { get; init; } = 256L * 1024 * 1024;
}
