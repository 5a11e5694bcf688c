using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Remove-SyncDevice: removes a device from a node's configuration (unsharing every folder with it).</summary>
[Cmdlet(VerbsCommon.Remove, "SyncDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(SyncDeviceInfo))]
public sealed class RemoveSyncDeviceCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string DeviceId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Device {DeviceId} on node '{Node ?? "(default)"}'", "Remove device") &&
            Run(ct => Devices.RemoveAsync(Node, DeviceId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
