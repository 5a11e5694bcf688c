using System.Management.Automation;
using System.Security;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>
/// Import-SyncBundle: verifies a bundle and applies it on a node, pulling the files from the bundle. Under -WhatIf it
/// asks the node for a dry run and reports each change it would make (operation = Create/Update/Delete/Conflict,
/// target = the item's name) without changing anything.
/// </summary>
[Cmdlet(VerbsData.Import, "SyncBundle", SupportsShouldProcess = true)]
[OutputType(typeof(SyncBundleImportResult))]
public sealed class ImportSyncBundleCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

    [Parameter]
    public SecureString? Password { get; set; }

    [Parameter]
    public string? ReceiptPath { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var receipt = ReceiptPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReceiptPath);
        if (WhatIfRequested())
        {
            // A dry run on the node: each change goes through ShouldProcess, which prints "What if: ..." and declines.
            var changes = Run(ct => Bundles.PreviewAsync(Node, path, Password, ct));
            foreach (var change in changes ?? [])
            {
                ShouldProcess(change.Name, change.Change);
            }

            return;
        }

        if (ShouldProcess($"Bundle {path} on node '{Node ?? "(default)"}'", "Import bundle"))
        {
            WriteAll(Run(ct => Bundles.ImportAsync(Node, path, Password, receipt, ct)));
        }
    }

    private bool WhatIfRequested() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
            ? value is SwitchParameter { IsPresent: true } || value is true
            : SessionState.PSVariable.GetValue("WhatIfPreference") is true or SwitchParameter { IsPresent: true };
}
