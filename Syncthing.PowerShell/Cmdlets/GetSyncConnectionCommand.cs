using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncConnection: the node's connections to its devices.</summary>
[Cmdlet(VerbsCommon.Get, "SyncConnection")]
[OutputType(typeof(SyncConnectionInfo))]
public sealed class GetSyncConnectionCommand : SyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord() => WriteAll(Run(ct => Status.GetConnectionsAsync(Node, ct)));
}
