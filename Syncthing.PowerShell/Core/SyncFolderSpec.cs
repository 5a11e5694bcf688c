using Syncthing.Engine.Config;

namespace Syncthing.PowerShell.Core;

/// <summary>What Add-SyncFolder asks for; null settings keep Syncthing's defaults (WatchDelayS 0 turns the watcher off).</summary>
internal sealed record SyncFolderSpec(string FolderId, string Path)
{
    public string? Label { get; init; }

    public FolderType? Type { get; init; }

    public IReadOnlyList<string>? DeviceIds { get; init; }

    public IReadOnlyList<string>? IgnorePatterns { get; init; }

    public int? WatchDelayS { get; init; }

    public int? RescanIntervalS { get; init; }
}
