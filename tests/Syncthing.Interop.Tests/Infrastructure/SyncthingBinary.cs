namespace Syncthing.Interop.Tests.Infrastructure;

/// <summary>Locates the real Syncthing binary (Debian's 1.19.2 package) used as the reference peer.</summary>
internal static class SyncthingBinary
{
    public static string? Path { get; } = Find();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require() =>
        Path ?? throw new InvalidOperationException("The real syncthing binary was not found on PATH; install it with 'apt-get install syncthing'.");

    private static string? Find()
    {
        var explicitPath = Environment.GetEnvironmentVariable("SYNCTHING_BIN");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            var candidate = System.IO.Path.Combine(dir, "syncthing");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>
/// A test that needs the real syncthing binary. Without it the test is reported as skipped with the reason,
/// except under CI=true, where it runs and fails: CI must never pass with the interop tests silently skipped.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SyncthingFactAttribute : FactAttribute
{
    public SyncthingFactAttribute()
    {
        if (SyncthingBinary.Path is null && !SyncthingBinary.InCi)
        {
            Skip = "real syncthing not installed (apt-get install syncthing); CI=true makes this a failure";
        }
    }
}
