using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Invoke-SyncScan: scans a folder now and returns when the scan is done.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "SyncScan", SupportsShouldProcess = true)]
[OutputType(typeof(SyncStatus))]
public sealed class InvokeSyncScanCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public string? SubPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", "Scan"))
        {
            return;
        }

        if (Run(ct => Status.ScanAsync(Node, FolderId, SubPath, ct)) && PassThru)
        {
            WriteAll(Run(ct => Status.GetStatusAsync(Node is null ? null : [Node], [FolderId], ct)));
        }
    }
}
