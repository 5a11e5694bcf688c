using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncDevice: the devices configured on a node, with their connection state.</summary>
[Cmdlet(VerbsCommon.Get, "SyncDevice")]
[OutputType(typeof(SyncDeviceInfo))]
public sealed class GetSyncDeviceCommand : SyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? DeviceId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord() => WriteAll(Run(ct => Devices.GetAsync(Node, DeviceId, ct)));
}
