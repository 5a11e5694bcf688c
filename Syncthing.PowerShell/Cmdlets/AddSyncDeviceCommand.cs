using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Add-SyncDevice: configures a device on a node.</summary>
[Cmdlet(VerbsCommon.Add, "SyncDevice", SupportsShouldProcess = true)]
[OutputType(typeof(SyncDeviceInfo))]
public sealed class AddSyncDeviceCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string DeviceId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ListenAddress")]
    public string[]? Address { get; set; }

    [Parameter]
    public SwitchParameter Introducer { get; set; }

    [Parameter]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Device {DeviceId} on node '{Node ?? "(default)"}'", "Add device") &&
            Run(ct => Devices.AddAsync(Node, DeviceId, Name, Address, Introducer, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
