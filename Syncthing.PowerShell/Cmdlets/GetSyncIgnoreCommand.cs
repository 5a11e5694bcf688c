using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncIgnore: a folder's ignore patterns (.stignore).</summary>
[Cmdlet(VerbsCommon.Get, "SyncIgnore")]
[OutputType(typeof(SyncIgnoreInfo))]
public sealed class GetSyncIgnoreCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord()
    {
        if (Run(ct => Folders.GetIgnoreAsync(Node, FolderId, ct)) is { } info)
        {
            WriteObject(info);
        }
    }
}
