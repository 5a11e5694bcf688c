using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncNeed: what a node still lacks in a folder, from whom, and why.</summary>
[Cmdlet(VerbsCommon.Get, "SyncNeed")]
[OutputType(typeof(SyncNeedItem))]
public sealed class GetSyncNeedCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord() => WriteAll(Run(ct => Status.GetNeedAsync(Node, FolderId, ct)));
}
