using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Revoke-SyncFolder: stops sharing a folder with devices.</summary>
[Cmdlet(VerbsSecurity.Revoke, "SyncFolder", SupportsShouldProcess = true)]
[OutputType(typeof(SyncFolderInfo))]
public sealed class RevokeSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    public string[] DeviceId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", "Stop sharing folder with " + string.Join(", ", DeviceId)) &&
            Run(ct => Folders.RevokeAsync(Node, FolderId, DeviceId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
