namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// One measured number. <paramref name="Pair"/> is sender-receiver ("" for a single node), <paramref name="Implementation"/>
/// the implementation of the process the number belongs to ("ours", "real", or the pair for pair-wide times).
/// </summary>
internal sealed record Sample(int Run, string Metric, string Dataset, string Pair, string Implementation, double Value);

/// <summary>Metric names, with their units in the name.</summary>
internal static class Metrics
{
    public const string IdleRssMiB = "idle RSS MiB";
    public const string IdleCpuS = "startup+idle CPU s";
    public const string ScanS = "scan s";
    public const string ScanCpuS = "scan CPU s";
    public const string ScanPeakRssMiB = "scan peak RSS MiB";
    public const string RssPerFileB = "RSS per indexed file B";
    public const string SyncS = "sync s";
    public const string SyncReceiverCpuS = "sync receiver CPU s";
    public const string SyncSenderCpuS = "sync sender CPU s";
    public const string SyncReceiverPeakRssMiB = "sync receiver peak RSS MiB";
    public const string SyncSenderPeakRssMiB = "sync sender peak RSS MiB";
    public const string EditS = "4 KiB edit s";
    public const string LatencyMs = "change latency ms";
}

/// <summary>A sender and a receiver implementation; the name is "sender-receiver".</summary>
internal sealed record NodePair(Implementation Sender, Implementation Receiver)
{
    public string Name => $"{Sender.Name}-{Receiver.Name}";
}
