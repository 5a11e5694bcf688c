using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Repair-SyncFolder: -Override (send-only folder: make the others match this node) or -Revert (receive-only: drop local changes).</summary>
[Cmdlet(VerbsDiagnostic.Repair, "SyncFolder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Override")]
[OutputType(typeof(SyncStatus))]
public sealed class RepairSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Override")]
    public SwitchParameter Override { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Revert")]
    public SwitchParameter Revert { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var action = Revert ? "Revert local changes" : "Override the other devices' changes";
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", action) &&
            Run(ct => Status.RepairAsync(Node, FolderId, Revert, ct)) && PassThru)
        {
            WriteAll(Run(ct => Status.GetStatusAsync(Node is null ? null : [Node], [FolderId], ct)));
        }
    }
}
