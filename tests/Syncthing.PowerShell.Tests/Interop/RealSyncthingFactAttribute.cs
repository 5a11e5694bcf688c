namespace Syncthing.PowerShell.Tests.Interop;

/// <summary>
/// A test that needs the real syncthing 1.19 binary (SYNCTHING_BIN or /usr/bin/syncthing). Skipped without it,
/// except under CI=true where it runs and fails, as the interop suite's [SyncthingFact] does. (This project does
/// not reference Syncthing.Interop.Tests, so the attribute is repeated here.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealSyncthingFactAttribute : FactAttribute
{
    public RealSyncthingFactAttribute()
    {
        if (Binary is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "the real syncthing binary is not installed";
        }
    }

    public static string? Binary { get; } = new[] { Environment.GetEnvironmentVariable("SYNCTHING_BIN"), "/usr/bin/syncthing" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
}
