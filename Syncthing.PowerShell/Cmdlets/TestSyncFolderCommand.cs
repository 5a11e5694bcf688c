using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Test-SyncFolder: $true when the folder is idle and in sync with all (or the given) devices right now.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SyncFolder")]
[OutputType(typeof(bool))]
public sealed class TestSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public string[]? InSyncWith { get; set; }

    protected override void ProcessRecord()
    {
        if (Run(async ct => (object)(await Waiter.CheckAsync(Node, FolderId, InSyncWith, ct).ConfigureAwait(false)).InSync) is bool inSync)
        {
            WriteObject(inSync);
        }
    }
}
