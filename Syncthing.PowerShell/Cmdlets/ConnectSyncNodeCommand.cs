using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Connect-SyncNode: attaches to a running node's REST API (our daemon or real Syncthing).</summary>
[Cmdlet(VerbsCommunications.Connect, "SyncNode", SupportsShouldProcess = true)]
[OutputType(typeof(SyncNodeInfo))]
public sealed class ConnectSyncNodeCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ApiUri")]
    public Uri Uri { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string ApiKey { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        var name = Name ?? Uri.Authority;
        if (ShouldProcess($"Node '{name}' at {Uri}", "Connect") && Run(ct => Nodes.ConnectAsync(name, Uri, ApiKey, ct)) is { } info)
        {
            WriteObject(info);
        }
    }
}
