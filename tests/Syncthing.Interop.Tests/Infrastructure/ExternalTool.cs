namespace Syncthing.Interop.Tests.Infrastructure;

/// <summary>Finds a command-line tool (NNCP, Filespooler, …) on PATH.</summary>
internal static class ExternalTool
{
    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException($"'{name}' was not found on PATH; install its Debian package (see .ci/run).");
}

/// <summary>
/// A test that needs external tools (e.g. <c>nncp-file</c>, <c>fspl</c>). Without them it is reported as skipped with
/// the reason, except under CI=true, where it runs and fails: CI installs them and must never skip these tests.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string package, params string[] tools)
    {
        var missing = tools.Where(t => ExternalTool.Find(t) is null).ToList();
        if (missing.Count > 0 && !SyncthingBinary.InCi)
        {
            Skip = $"{string.Join(", ", missing)} not installed (apt-get install {package}); CI=true makes this a failure";
        }
    }
}
