using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Set-SyncIgnore: replaces a folder's ignore patterns.</summary>
[Cmdlet(VerbsCommon.Set, "SyncIgnore", SupportsShouldProcess = true)]
[OutputType(typeof(SyncIgnoreInfo))]
public sealed class SetSyncIgnoreCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string FolderId { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    [AllowEmptyCollection]
    public string[] Pattern { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ShouldProcess($"Folder '{FolderId}' on node '{Node ?? "(default)"}'", $"Set {Pattern.Length} ignore patterns") &&
            Run(ct => Folders.SetIgnoreAsync(Node, FolderId, Pattern, ct)) is { } info && PassThru)
        {
            WriteObject(info);
        }
    }
}
