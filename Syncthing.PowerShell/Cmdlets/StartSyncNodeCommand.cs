using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Start-SyncNode: runs a node in this session (background tasks) or, with -AsService, as a detached syncthingd.</summary>
[Cmdlet(VerbsLifecycle.Start, "SyncNode", SupportsShouldProcess = true, DefaultParameterSetName = "InProcess")]
[OutputType(typeof(SyncNodeInfo))]
public sealed class StartSyncNodeCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Home { get; set; } = "";

    [Parameter]
    public string? ListenAddress { get; set; }

    [Parameter]
    public string? GuiAddress { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Service")]
    public SwitchParameter AsService { get; set; }

    [Parameter(ParameterSetName = "Service")]
    public string? DaemonPath { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var home = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Home);
        if (!ShouldProcess($"Node '{Name}' (home {home})", AsService ? "Start as a syncthingd service" : "Start in this session"))
        {
            return;
        }

        var info = AsService
            ? Run(ct => Nodes.StartServiceAsync(Name, home, DaemonLocator.Find(DaemonPath, typeof(StartSyncNodeCommand).Assembly.Location), ListenAddress, GuiAddress, ct))
            : Run(ct => Nodes.StartInProcessAsync(Name, home, ListenAddress, GuiAddress, ct));
        if (info is not null && PassThru)
        {
            WriteObject(info);
        }
    }
}
