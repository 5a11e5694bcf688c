using System.Globalization;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Puller;

/// <summary>PLACEHOLDER until the conflict-naming branch merges: 1.19's conflict copy names.</summary>
internal static class ConflictNames
{
    private const string Marker = ".sync-conflict-";

    public static string Create(string name, DateTime localTime, ShortId modifiedBy)
    {
        var fileName = PathNames.FileName(name);
        var dot = fileName.LastIndexOf('.');
        var ext = dot >= 0 ? fileName[dot..] : "";
        var stem = name[..^ext.Length];
        return stem + Marker + localTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + modifiedBy + ext;
    }

    public static bool IsConflictCopy(string name) => PathNames.FileName(name).Contains(Marker, StringComparison.Ordinal);

    public static bool IsConflictCopyOf(string candidate, string name)
    {
        var fileName = PathNames.FileName(name);
        var dot = fileName.LastIndexOf('.');
        var ext = dot >= 0 ? fileName[dot..] : "";
        var stem = name[..^ext.Length];
        return candidate.StartsWith(stem + Marker, StringComparison.Ordinal) && candidate.EndsWith(ext, StringComparison.Ordinal);
    }
}
