using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncStatus: one object per folder per node (all nodes of the session unless -Node).</summary>
[Cmdlet(VerbsCommon.Get, "SyncStatus")]
[OutputType(typeof(SyncStatus))]
public sealed class GetSyncStatusCommand : SyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[]? FolderId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? Node { get; set; }

    protected override void ProcessRecord() => WriteAll(Run(ct => Status.GetStatusAsync(Node, FolderId, ct)));
}
