using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Grant-SyncFolder: shares a folder with more devices.</summary>
[Cmdlet(VerbsSecurity.Grant, "SyncFolder", SupportsShouldProcess = true)]
[OutputType(typeof(SyncFolderInfo))]
public sealed class GrantSyncFolderCommand : SyncCmdlet
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
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", "Share folder with " + string.Join(", ", DeviceId)) &&
            Run(ct => Folders.GrantAsync(Node, FolderId, DeviceId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
