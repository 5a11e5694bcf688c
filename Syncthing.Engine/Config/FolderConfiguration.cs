using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>One <c>&lt;folder&gt;</c> of config.xml; property initialisers are Syncthing 1.19's defaults.</summary>
public sealed record FolderConfiguration
{
    public string Id { get; init; } = "";

    public string Label { get; init; } = "";

    public FilesystemType FilesystemType { get; init; } = FilesystemType.Basic;

    /// <summary>The folder root; <c>~</c> expands to the home directory. Required.</summary>
    public string Path { get; init; } = "";

    public FolderType Type { get; init; } = FolderType.SendReceive;

    /// <summary>The devices the folder is shared with; Syncthing expects the local device among them.</summary>
    public ValueList<FolderDeviceConfiguration> Devices { get; init; } = ValueList.Empty<FolderDeviceConfiguration>();

    public int RescanIntervalS { get; init; } = 3600;

    public bool FsWatcherEnabled { get; init; } = true;

    public int FsWatcherDelayS { get; init; } = 10;

    public bool IgnorePerms { get; init; }

    public bool AutoNormalize { get; init; } = true;

    public Size MinDiskFree { get; init; } = Size.OnePercent;

    public VersioningConfiguration Versioning { get; init; } = new();

    public int Copiers { get; init; }

    public int PullerMaxPendingKiB { get; init; }

    public int Hashers { get; init; }

    public PullOrder Order { get; init; } = PullOrder.Random;

    public bool IgnoreDelete { get; init; }

    public int ScanProgressIntervalS { get; init; }

    public int PullerPauseS { get; init; }

    public int MaxConflicts { get; init; } = 10;

    public bool DisableSparseFiles { get; init; }

    public bool DisableTempIndexes { get; init; }

    public bool Paused { get; init; }

    public int WeakHashThresholdPct { get; init; } = 25;

    public string MarkerName { get; init; } = ".stfolder";

    public bool CopyOwnershipFromParent { get; init; }

    public int ModTimeWindowS { get; init; }

    public int MaxConcurrentWrites { get; init; } = 2;

    public bool DisableFsync { get; init; }

    public BlockPullOrder BlockPullOrder { get; init; } = BlockPullOrder.Standard;

    public CopyRangeMethod CopyRangeMethod { get; init; } = CopyRangeMethod.Standard;

    [JsonPropertyName("caseSensitiveFS")]
    public bool CaseSensitiveFS { get; init; }

    public bool JunctionsAsDirs { get; init; }

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
