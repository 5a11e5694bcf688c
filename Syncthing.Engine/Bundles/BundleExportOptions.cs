namespace Syncthing.Engine.Bundles;

/// <summary>What to put in a bundle.</summary>
internal sealed record BundleExportOptions
{
    /// <summary>The whole index of the folder (the importer replaces everything it holds from us), not only changes.</summary>
    public bool Full { get; init; }

    /// <summary>
    /// The highest sequence of our index the target is known to hold; records after it are exported. Null (the
    /// default): what the target acknowledged by its receipts, as stored by <see cref="BundleReceipt.AcceptAsync"/>,
    /// when that was about our current index ID, otherwise 0 (everything). Ignored with <see cref="Full"/>.
    /// </summary>
    public long? Since { get; init; }

    /// <summary>Split the output into numbered parts of at most this many bytes (file export only); null: one file.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Leave out blocks of files the target announced (in our index of its device) with the same content.</summary>
    public bool SkipBlocksTargetHas { get; init; } = true;

    /// <summary>
    /// When set, the whole bundle byte stream is encrypted with this password (PBKDF2-HMAC-SHA256, AES-256-GCM in
    /// 1 MiB chunks; docs/BUNDLES.md, "Encryption"), so a carrier who is not trusted learns nothing but its size.
    /// <see cref="MaxSize"/> then cuts the encrypted stream.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>PBKDF2 iterations for <see cref="Password"/> (stored in the file; readers accept at most 10,000,000).</summary>
    public int PasswordIterations { get; init; } = BundleCrypto.DefaultIterations;

    /// <summary>Cap on the block hashes remembered to deduplicate within one bundle (memory bound; beyond it duplicates may be written twice).</summary>
    public int MaxDedupHashes { get; init; } = 1_000_000;
}
