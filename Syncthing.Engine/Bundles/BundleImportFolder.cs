using Syncthing.Engine.Fs;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// How the importer reaches one of our folders: its file system, the puller settings, its ignores, and whom to tell
/// that our index changed (the index senders, as after an online pull). The folder should have been scanned just
/// before the import, as the folder runner scans before it pulls, so local changes become conflicts, not losses.
/// </summary>
internal sealed record BundleImportFolder(IFileSystem Fs, PullOptions Options, IgnoreMatcher? Ignores = null, Action? LocalIndexChanged = null);
