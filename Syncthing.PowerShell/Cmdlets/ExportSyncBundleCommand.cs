using System.Management.Automation;
using System.Security;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Export-SyncBundle: writes what a device lacks of a folder to a signed offline bundle (path resolved through PowerShell providers).</summary>
[Cmdlet(VerbsData.Export, "SyncBundle", SupportsShouldProcess = true)]
[OutputType(typeof(SyncBundleExportResult))]
public sealed class ExportSyncBundleCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FolderId")]
    public string Folder { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("DeviceId")]
    public string Device { get; set; } = "";

    [Parameter(Mandatory = true, Position = 2)]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter Full { get; set; }

    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long? MaxSize { get; set; }

    [Parameter]
    public SecureString? Password { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Node { get; set; }

    protected override void ProcessRecord()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (ShouldProcess($"Folder '{Folder}' for device {Device} on node '{Node ?? "(default)"}' to {path}", Full ? "Export full bundle" : "Export bundle") &&
            Run(ct => Bundles.ExportAsync(Node, Folder, Device, path, Full, MaxSize, Password, ct)) is { } result)
        {
            WriteObject(result);
        }
    }
}
