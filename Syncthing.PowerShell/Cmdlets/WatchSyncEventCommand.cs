using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Watch-SyncEvent: streams a node's events into the pipeline until Ctrl+C (or -First events).</summary>
[Cmdlet(VerbsCommon.Watch, "SyncEvent")]
[OutputType(typeof(SyncEventRecord))]
public sealed class WatchSyncEventCommand : SyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public string[]? Type { get; set; }

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Since { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    protected override void ProcessRecord() =>
        Run(async ct =>
        {
            await foreach (var e in Status.WatchEventsAsync(Node, Type, Since, First, ct).ConfigureAwait(false))
            {
                Post(() => WriteObject(e));
            }
        });
}
