using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Remove-SyncFolder: removes a folder from a node's configuration (its files stay on disk).</summary>
[Cmdlet(VerbsCommon.Remove, "SyncFolder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SyncFolderInfo))]
public sealed class RemoveSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", "Remove folder") &&
            Run(ct => Folders.RemoveAsync(Node, FolderId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
