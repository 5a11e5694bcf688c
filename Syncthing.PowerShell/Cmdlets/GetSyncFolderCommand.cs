using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncFolder: the folders configured on a node.</summary>
[Cmdlet(VerbsCommon.Get, "SyncFolder")]
[OutputType(typeof(SyncFolderInfo))]
public sealed class GetSyncFolderCommand : SyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[]? FolderId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord() => WriteAll(Run(ct => Folders.GetAsync(Node, FolderId, ct)));
}
