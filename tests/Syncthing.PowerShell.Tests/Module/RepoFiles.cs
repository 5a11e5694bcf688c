using System.Text.RegularExpressions;

namespace Syncthing.PowerShell.Tests.Module;

/// <summary>Locates the repository and reads the module's files (manifest, format file, MAML help).</summary>
internal static partial class RepoFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Syncthing.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The names listed in one array field of a .psd1 (e.g. CmdletsToExport = @('a', 'b')).</summary>
    public static IReadOnlyList<string> ManifestList(string psd1Text, string field)
    {
        var m = Regex.Match(psd1Text, field + @"\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(m.Success, $"{field} not found in the manifest");
        return [.. QuotedRegex().Matches(m.Groups["items"].Value).Select(q => q.Groups[1].Value)];
    }

    /// <summary>A scalar string field of a .psd1 (e.g. RootModule = 'x.dll').</summary>
    public static string ManifestValue(string psd1Text, string field)
    {
        var m = Regex.Match(psd1Text, field + @"\s*=\s*'([^']*)'");
        Assert.True(m.Success, $"{field} not found in the manifest");
        return m.Groups[1].Value;
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedRegex();
}
