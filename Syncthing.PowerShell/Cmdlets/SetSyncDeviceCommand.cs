using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Set-SyncDevice: changes a configured device's name, addresses, pause or introducer flag.</summary>
[Cmdlet(VerbsCommon.Set, "SyncDevice", SupportsShouldProcess = true)]
[OutputType(typeof(SyncDeviceInfo))]
public sealed class SetSyncDeviceCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string DeviceId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public string? Name { get; set; }

    [Parameter]
    public string[]? Address { get; set; }

    [Parameter]
    public bool? Paused { get; set; }

    [Parameter]
    public bool? Introducer { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Device {DeviceId} on node '{Node ?? "(default)"}'", "Change device settings") &&
            Run(ct => Devices.SetAsync(Node, DeviceId, Name, Address, Paused, Introducer, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
