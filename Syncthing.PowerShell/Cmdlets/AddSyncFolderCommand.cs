using System.Management.Automation;
using Syncthing.Engine.Config;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Add-SyncFolder: configures a folder on a node (path resolved through PowerShell providers).</summary>
[Cmdlet(VerbsCommon.Add, "SyncFolder", SupportsShouldProcess = true)]
[OutputType(typeof(SyncFolderInfo))]
public sealed class AddSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Path { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Label { get; set; }

    [Parameter]
    public FolderType Type { get; set; } = FolderType.SendReceive;

    [Parameter]
    [Alias("DeviceId")]
    public string[]? Device { get; set; }

    [Parameter]
    public string[]? IgnorePattern { get; set; }

    [Parameter]
    [ValidateRange(0, 86400)]
    public int? WatchDelay { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? RescanInterval { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var spec = new SyncFolderSpec(FolderId, path)
        {
            Label = Label,
            Type = Type,
            DeviceIds = Device,
            IgnorePatterns = IgnorePattern,
            WatchDelayS = WatchDelay,
            RescanIntervalS = RescanInterval,
        };
        if (ShouldProcess($"Folder '{FolderId}' at {path} on node '{Node ?? "(default)"}'", "Add folder") &&
            Run(ct => Folders.AddAsync(Node, spec, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
