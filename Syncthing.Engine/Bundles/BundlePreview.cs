using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// What importing a bundle would do here (<see cref="BundleImporter.PreviewFileAsync"/>), computed without changing
/// anything: the changes to our folders, the folders of the bundle not shared here, and per folder the sequences
/// and any gap.
/// </summary>
internal sealed record BundlePreview(
    DeviceId Exporter,
    bool Full,
    IReadOnlyList<BundlePreviewItem> Items,
    IReadOnlyList<string> NotShared,
    IReadOnlyList<BundlePreviewFolder> Folders);

/// <summary>One change the import would make to one of our folders. <see cref="Type"/>: "file", "directory" or "symlink".</summary>
internal sealed record BundlePreviewItem(string Folder, string Name, BundleChange Change, string Type, long Size);

/// <summary>
/// One shared folder of the bundle: its range, the exporter's sequence we hold now, how many records are new here
/// (the rest we hold already), and the gap when an earlier bundle is missing (see <see cref="BundleFolderImport.Gap"/>).
/// </summary>
internal sealed record BundlePreviewFolder(BundleFolderRange Range, long HeldBefore, long RecordsNew, long RecordsAlreadyHeld, BundleGap? Gap);

/// <summary>What an import does to one name of our folder.</summary>
internal enum BundleChange
{
    /// <summary>The name is new here (or was deleted here).</summary>
    Create,

    /// <summary>Our older version is replaced.</summary>
    Update,

    /// <summary>Our copy is deleted.</summary>
    Delete,

    /// <summary>Our version is concurrent with the bundle's, which wins: ours is kept as a conflict copy.</summary>
    Conflict,
}
