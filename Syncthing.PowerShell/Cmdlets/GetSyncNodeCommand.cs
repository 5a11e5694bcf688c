using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Get-SyncNode: the nodes of this session (names may use wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "SyncNode")]
[OutputType(typeof(SyncNodeInfo))]
public sealed class GetSyncNodeCommand : SyncCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Node")]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() =>
        WriteAll(Nodes.Get(Name, (pattern, name) => WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase).IsMatch(name)));
}
