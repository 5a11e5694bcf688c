namespace Syncthing.Engine.Api.Client;

// Bodies and answers of our bundle endpoints (/rest/bundle/*, not in Syncthing; docs/BUNDLES.md). The same records
// serve the server (RestApi) and SyncClient, so the two cannot drift apart. JSON names are camelCase.

/// <summary>
/// <c>POST /rest/bundle/export</c>: export <see cref="Folder"/> for <see cref="Device"/> to <see cref="Path"/>
/// (absolute, on the node's file system); with <see cref="MaxSize"/>, to numbered parts.
/// </summary>
public sealed record BundleExportRequest(string Folder, string Device, string Path)
{
    /// <summary>Every record, not only those after what the target acknowledged.</summary>
    public bool Full { get; init; }

    /// <summary>Cut the bundle into parts of at most this many bytes (PATH.001, PATH.002, …).</summary>
    public long? MaxSize { get; init; }

    /// <summary>Encrypts the bundle with this password (for carriers that are not trusted).</summary>
    public string? Password { get; init; }
}

/// <summary>The answer of <c>POST /rest/bundle/export</c>: files written, counts, and files left out (changed since the scan).</summary>
public sealed record BundleExportResponse(
    IReadOnlyList<string> Paths,
    long Records,
    long Blocks,
    long Bytes,
    IReadOnlyList<BundleNamedReason> Skipped);

/// <summary>A file and why it was left out or failed.</summary>
public sealed record BundleNamedReason(string Name, string Reason);

/// <summary>
/// <c>POST /rest/bundle/import</c>: import the bundle at <see cref="Path"/> (or its parts PATH.001, …). With
/// <see cref="DryRun"/>, nothing changes and the answer lists what would; with <see cref="ReceiptPath"/>, the signed
/// receipt is written there (one folder) or to RECEIPTPATH.FOLDER (several).
/// </summary>
public sealed record BundleImportRequest(string Path)
{
    public string? Password { get; init; }

    public bool DryRun { get; init; }

    public string? ReceiptPath { get; init; }
}

/// <summary>The answer of <c>POST /rest/bundle/import</c>.</summary>
public sealed record BundleImportResponse(
    string Exporter,
    bool Full,
    bool DryRun,
    IReadOnlyList<BundleFolderImportResponse> Folders,
    IReadOnlyList<string> NotShared,
    IReadOnlyList<BundleChangeItem> Changes);

/// <summary>
/// One folder of an import: records applied and already held, items pulled and failed, a gap (an earlier bundle is
/// missing), the exporter's sequence now held and where the receipt was written.
/// </summary>
public sealed record BundleFolderImportResponse(
    string Folder,
    long Applied,
    long AlreadyHeld,
    long Pulled,
    IReadOnlyList<BundleNamedReason> Errors,
    BundleGapResponse? Gap,
    long HeldSequence,
    long BytesFromBundle,
    string? ReceiptPath);

/// <summary>We held the exporter's sequence <see cref="HeldSequence"/>, the bundle starts after <see cref="BundleFromSequence"/>.</summary>
public sealed record BundleGapResponse(long HeldSequence, long BundleFromSequence);

/// <summary>What a dry run found an import would do to one item: Create, Update, Delete or Conflict.</summary>
public sealed record BundleChangeItem(string Folder, string Name, string Change, string Type, long Size);

/// <summary><c>POST /rest/bundle/receipt</c>: accept the receipt file at <see cref="Path"/> (absolute, on the node).</summary>
public sealed record BundleReceiptRequest(string Path);

/// <summary>
/// A verified receipt: <see cref="Device"/> holds our <see cref="Folder"/> up to <see cref="Sequence"/>. When
/// <see cref="Stored"/>, the next export to it starts there; otherwise <see cref="Ignored"/> says why (our index was
/// reset since, or we hold nothing of the folder).
/// </summary>
public sealed record BundleReceiptResponse(string Device, string Folder, long Sequence, DateTimeOffset Created)
{
    public bool Stored { get; init; }

    public string? Ignored { get; init; }
}
