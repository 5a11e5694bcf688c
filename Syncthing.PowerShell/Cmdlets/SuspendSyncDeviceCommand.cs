using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Suspend-SyncDevice: pauses a device: the node drops and refuses its connections.</summary>
[Cmdlet(VerbsLifecycle.Suspend, "SyncDevice", SupportsShouldProcess = true)]
[OutputType(typeof(SyncDeviceInfo))]
public sealed class SuspendSyncDeviceCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string DeviceId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Device {DeviceId} on node '{Node ?? "(default)"}'", "Pause device") &&
            Run(ct => Devices.SuspendAsync(Node, DeviceId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
