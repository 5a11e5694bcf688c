using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Disconnect-SyncNode: forgets a node without stopping a remote one.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "SyncNode", SupportsShouldProcess = true)]
[OutputType(typeof(SyncNodeInfo))]
public sealed class DisconnectSyncNodeCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    public string Name { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Node '{Name}'", "Disconnect") && Run(_ => Nodes.DisconnectAsync(Name)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
