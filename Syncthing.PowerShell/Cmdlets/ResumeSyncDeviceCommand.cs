using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Resume-SyncDevice: unpauses a device.</summary>
[Cmdlet(VerbsLifecycle.Resume, "SyncDevice", SupportsShouldProcess = true)]
[OutputType(typeof(SyncDeviceInfo))]
public sealed class ResumeSyncDeviceCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string DeviceId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Device {DeviceId} on node '{Node ?? "(default)"}'", "Resume device") &&
            Run(ct => Devices.ResumeAsync(Node, DeviceId, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
