using System.Security.Cryptography;
using System.Text;

namespace Syncthing.Engine.Fs;

/// <summary>
/// Syncthing 1.19's temporary file names (lib/fs/tempname.go, brief §6.2): the prefix plus the base name plus
/// ".tmp", in the same directory as the target; a base name longer than <see cref="MaxBaseNameBytes"/> UTF-8
/// bytes is replaced by the lowercase hex SHA-256 of those bytes.
/// </summary>
internal static class TempNames
{
    public const string UnixPrefix = ".syncthing.";
    public const string WindowsPrefix = "~syncthing~";
    private const string Suffix = ".tmp";

    /// <summary>160 − len(".syncthing.") − len(".tmp") = 145 (the brief's "146" is an arithmetic slip).</summary>
    public const int MaxBaseNameBytes = 160 - 11 - 4;

    /// <summary>The prefix this platform writes: <see cref="WindowsPrefix"/> on Windows, else <see cref="UnixPrefix"/>.</summary>
    public static string PlatformPrefix => OperatingSystem.IsWindows() ? WindowsPrefix : UnixPrefix;

    /// <summary>The temp name for a canonical name, with this platform's prefix.</summary>
    public static string TempName(string name) => TempName(name, PlatformPrefix);

    /// <summary>The temp name for a canonical name with an explicit prefix (the serving side's rules, §6.2).</summary>
    public static string TempName(string name, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var baseName = PathNames.FileName(name);
        var baseBytes = Encoding.UTF8.GetBytes(baseName);
        var tempBase = baseBytes.Length > MaxBaseNameBytes
            ? prefix + Convert.ToHexString(SHA256.HashData(baseBytes)).ToLowerInvariant() + Suffix
            : prefix + baseName + Suffix;
        return PathNames.Join(PathNames.Parent(name), tempBase);
    }

    /// <summary>True when the last component carries either temp prefix (recognised on every OS).</summary>
    public static bool IsTemporary(string name)
    {
        var baseName = PathNames.FileName(name);
        return baseName.StartsWith(UnixPrefix, StringComparison.Ordinal) ||
            baseName.StartsWith(WindowsPrefix, StringComparison.Ordinal);
    }
}
