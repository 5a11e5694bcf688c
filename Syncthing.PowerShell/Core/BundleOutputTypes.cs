namespace Syncthing.PowerShell.Core;

// Output objects of Export-SyncBundle and Import-SyncBundle (snapshots; Node and FolderId as everywhere).

/// <summary>A bundle written by Export-SyncBundle: its files (parts), what it carries, and the files left out.</summary>
public sealed record SyncBundleExportResult(
    string Node,
    string FolderId,
    string DeviceId,
    IReadOnlyList<string> Paths,
    long Records,
    long Blocks,
    long Bytes,
    IReadOnlyList<SyncBundleSkippedFile> Skipped);

/// <summary>A file the export (or the pull of an import) left out, and why.</summary>
public sealed record SyncBundleSkippedFile(string Name, string Reason);

/// <summary>
/// One folder of a bundle imported by Import-SyncBundle: records applied and already held, items pulled, items that
/// failed, a gap (an earlier bundle is missing: ask the exporter for -Full), the exporter's sequence now held and the
/// receipt written for the exporter.
/// </summary>
public sealed record SyncBundleImportResult(
    string Node,
    string FolderId,
    string Exporter,
    string Path,
    long Applied,
    long AlreadyHeld,
    long Pulled,
    IReadOnlyList<SyncBundleSkippedFile> Errors,
    bool Gap,
    long HeldSequence,
    string? ReceiptPath);

/// <summary>What importing a bundle would do to one item (Import-SyncBundle -WhatIf): Create, Update, Delete or Conflict.</summary>
public sealed record SyncBundleChange(string Node, string FolderId, string Name, string Change, string Type, long Size);
