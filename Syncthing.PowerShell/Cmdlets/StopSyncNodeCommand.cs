using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Stop-SyncNode: stops an in-process or service node (a connected remote node only with -Shutdown).</summary>
[Cmdlet(VerbsLifecycle.Stop, "SyncNode", SupportsShouldProcess = true)]
[OutputType(typeof(SyncNodeInfo))]
public sealed class StopSyncNodeCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    public string Name { get; set; } = "";

    [Parameter]
    public SwitchParameter Shutdown { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Node '{Name}'", "Stop"))
        {
            return;
        }

        var info = Run(ct => Nodes.StopAsync(Name, Shutdown, ct));
        if (info is not null && PassThru)
        {
            WriteObject(info);
        }
    }
}
