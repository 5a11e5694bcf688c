using System.Collections.Frozen;

namespace Syncthing.Engine.Config;

/// <summary>
/// The text forms Syncthing 1.19 uses for configuration enums, identical in config.xml and REST JSON. Parsing is
/// lenient like Syncthing's: historic aliases are accepted and an unknown word yields the enum's default (zero).
/// </summary>
internal static class ConfigEnumText
{
    private static readonly FrozenDictionary<Type, string[]> Names = new Dictionary<Type, string[]>
    {
        [typeof(FolderType)] = ["sendreceive", "sendonly", "receiveonly", "receiveencrypted"],
        [typeof(PullOrder)] = ["random", "alphabetic", "smallestFirst", "largestFirst", "oldestFirst", "newestFirst"],
        [typeof(BlockPullOrder)] = ["standard", "random", "inOrder"],
        [typeof(CopyRangeMethod)] = ["standard", "ioctl", "copy_file_range", "sendfile", "duplicate_extents", "all"],
        [typeof(FilesystemType)] = ["basic", "fake"],
        [typeof(Compression)] = ["metadata", "never", "always"],
        [typeof(AuthMode)] = ["static", "ldap"],
        [typeof(LdapTransport)] = ["plain", "tls", "starttls"],
        [typeof(DatabaseTuning)] = ["auto", "small", "large"],
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<(Type, string), int> Aliases = new Dictionary<(Type, string), int>
    {
        [(typeof(FolderType), "readwrite")] = (int)FolderType.SendReceive,
        [(typeof(FolderType), "readonly")] = (int)FolderType.SendOnly,
        [(typeof(Compression), "true")] = (int)Compression.Metadata,
        [(typeof(Compression), "false")] = (int)Compression.Never,
    }.ToFrozenDictionary();

    public static string ToText<T>(T value)
        where T : struct, Enum
    {
        var names = Names[typeof(T)];
        var index = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        return index >= 0 && index < names.Length ? names[index] : "unknown";
    }

    public static T Parse<T>(string? text)
        where T : struct, Enum
    {
        var names = Names[typeof(T)];
        var index = text is null ? -1 : Array.IndexOf(names, text);
        if (index < 0 && text is not null && Aliases.TryGetValue((typeof(T), text), out var alias))
        {
            index = alias;
        }

        return (T)Enum.ToObject(typeof(T), Math.Max(index, 0));
    }
}
