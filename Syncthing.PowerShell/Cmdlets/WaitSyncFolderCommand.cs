using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Wait-SyncFolder: blocks until the folder is idle and in sync with all (or the given) devices; Ctrl+C cancels.</summary>
[Cmdlet(VerbsLifecycle.Wait, "SyncFolder")]
[OutputType(typeof(SyncStatus))]
public sealed class WaitSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public string[]? InSyncWith { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; } = 300;

    protected override void ProcessRecord()
    {
        var activity = $"Waiting for folder '{FolderId}' to be in sync";
        var id = Math.Abs(StringComparer.Ordinal.GetHashCode(FolderId) % 10000);
        var done = Run(ct => Waiter.WaitAsync(Node, FolderId, InSyncWith, TimeSpan.FromSeconds(Timeout), p => Post(() =>
            WriteProgress(new ProgressRecord(id, activity, $"{p.Node}: {p.Waiting}") { PercentComplete = (int)Math.Clamp(p.Percent, 0, 100) })), ct));
        WriteProgress(new ProgressRecord(id, activity, "done") { RecordType = ProgressRecordType.Completed });
        if (done is not null)
        {
            WriteAll(Run(ct => Status.GetStatusAsync(Node is null ? null : [Node], [FolderId], ct)));
        }
    }
}
