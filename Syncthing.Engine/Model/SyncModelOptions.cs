namespace Syncthing.Engine.Model;

/// <summary>Tunables of the index exchange; the defaults are Syncthing 1.19's.</summary>
internal sealed record SyncModelOptions
{
    /// <summary>An index batch is sent when it holds this many files (1.19: 1000).</summary>
    public int MaxBatchFiles { get; init; } = 1000;

    /// <summary>An index batch is sent when its marshalled FileInfos reach this many bytes (1.19: 250 KiB).</summary>
    public int MaxBatchBytes { get; init; } = 250 * 1024;

    /// <summary>Pause after sending local changes, so that a burst of changes goes out in few messages (1.19: 250 ms).</summary>
    public TimeSpan IndexSendDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a sender looks for new local changes even without a notification (1.19: one minute).</summary>
    public TimeSpan IndexPollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Entries read from the index store per query while sending.</summary>
    public int ReadPageSize { get; init; } = 1000;
}
