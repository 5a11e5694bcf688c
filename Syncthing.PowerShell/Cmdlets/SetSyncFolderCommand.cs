using System.Management.Automation;
using Syncthing.Engine.Config;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Set-SyncFolder: changes a folder's label, type, watch delay or rescan interval.</summary>
[Cmdlet(VerbsCommon.Set, "SyncFolder", SupportsShouldProcess = true)]
[OutputType(typeof(SyncFolderInfo))]
public sealed class SetSyncFolderCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public string? Label { get; set; }

    [Parameter]
    public FolderType? Type { get; set; }

    [Parameter]
    [ValidateRange(0, 86400)]
    public int? WatchDelay { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? RescanInterval { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", "Change folder settings") &&
            Run(ct => Folders.SetAsync(Node, FolderId, Label, Type, RescanInterval, WatchDelay, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
