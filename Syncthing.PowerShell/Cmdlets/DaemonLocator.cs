namespace Syncthing.PowerShell.Cmdlets;

/// <summary>Finds syncthingd: the -DaemonPath given, else next to the module (syncthingd, syncthingd.exe, syncthingd.dll).</summary>
internal static class DaemonLocator
{
    public static string Find(string? given, string moduleAssembly)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return Path.GetFullPath(given);
        }

        var dir = Path.GetDirectoryName(moduleAssembly) ?? ".";
        foreach (var name in new[] { "syncthingd", "syncthingd.exe", "syncthingd.dll", Path.Combine("daemon", "syncthingd"), Path.Combine("daemon", "syncthingd.exe"), Path.Combine("daemon", "syncthingd.dll") })
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(dir, "syncthingd");
    }
}
