using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>
/// The module-level holder: ONE <see cref="NodeRegistry"/> per runspace, created on first use and kept for the
/// runspace's lifetime (a weak table, so a closed runspace's registry can be collected; nodes still running in it
/// are stopped by Stop-SyncNode or process exit). This is the module's only static, and it holds no engine state:
/// the engine itself has none.
/// </summary>
internal static class ModuleState
{
    private static readonly ConditionalWeakTable<Runspace, NodeRegistry> Registries = new();

    /// <summary>The registry for cmdlets running in no runspace (never the case inside PowerShell).</summary>
    private static readonly NodeRegistry Detached = new();

    public static NodeRegistry Current => Runspace.DefaultRunspace is { } runspace ? Registries.GetValue(runspace, _ => new NodeRegistry()) : Detached;
}
