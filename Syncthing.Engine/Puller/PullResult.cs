namespace Syncthing.Engine.Puller;

/// <summary>
/// What one pull iteration did: items brought in line with the global version, bytes taken from the network and
/// copied locally, and the items that failed with their reason (retried later, reported as folder errors).
/// </summary>
internal sealed record PullResult
{
    public int Needed { get; init; }

    public int Done { get; init; }

    public long BytesDownloaded { get; init; }

    public long BytesCopiedLocally { get; init; }

    /// <summary>Names whose on-disk state differs from our index: the caller should rescan them.</summary>
    public IReadOnlyList<string> RescanNeeded { get; init; } = [];

    public IReadOnlyList<PullError> Errors { get; init; } = [];
}

/// <summary>One item that could not be pulled, with a reason meant for people (REST folder errors).</summary>
internal sealed record PullError(string Name, string Reason);
