using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>New-SyncIdentity: creates cert.pem and key.pem in a home directory and returns the device ID.</summary>
[Cmdlet(VerbsCommon.New, "SyncIdentity", SupportsShouldProcess = true)]
[OutputType(typeof(SyncIdentityInfo))]
public sealed class NewSyncIdentityCommand : SyncCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string Home { get; set; } = "";

    protected override void ProcessRecord()
    {
        var home = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Home);
        if (ShouldProcess(home, "Create a device identity") && Run(_ => Task.FromResult(Nodes.NewIdentity(home))) is { } info)
        {
            WriteObject(info);
        }
    }
}
