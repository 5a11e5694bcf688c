using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Suspend-SyncFolder: pauses a folder: no scanning or syncing until resumed.</summary>
[Cmdlet(VerbsLifecycle.Suspend, "SyncFolder", SupportsShouldProcess = true)]
[OutputType(typeof(SyncFolderInfo))]
public sealed class SuspendSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", "Pause folder") &&
            Run(ct => Folders.SuspendAsync(Node, FolderId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
