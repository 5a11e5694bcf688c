using System.Text;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Ignore;

namespace Syncthing.Engine.Scanner;

/// <summary>Loads a folder's <c>.stignore</c> (and the files it <c>#include</c>s) through its <see cref="IFileSystem"/>.</summary>
internal static class FolderIgnores
{
    /// <summary>Ignore files larger than this are refused (they are read whole into memory).</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Parses the root <c>.stignore</c> (absent: no patterns). An include that cannot be read through the file
    /// system (missing, outside the folder, behind a symlink) is reported by the parser as missing.
    /// </summary>
    public static IgnoreLoadResult Load(IFileSystem fileSystem, IgnoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        return IgnoreMatcher.Load(ReadText(fileSystem, IgnoreMatcher.RootFileName), name => ReadText(fileSystem, name), options);
    }

    private static string? ReadText(IFileSystem fileSystem, string name)
    {
        try
        {
            var entry = fileSystem.TryLstat(name);
            if (entry is null || !entry.IsFile)
            {
                return null;
            }

            if (entry.Size > MaxFileBytes)
            {
                throw new FsException(FsErrorKind.NotSupported, name, $"ignore file is larger than {MaxFileBytes} bytes");
            }

            using var stream = fileSystem.OpenRead(name);
            using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            var buffer = new char[Math.Min(MaxFileBytes, (int)entry.Size + 1)];
            var text = new StringBuilder();
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                text.Append(buffer, 0, read);
                if (text.Length > MaxFileBytes)
                {
                    throw new FsException(FsErrorKind.NotSupported, name, $"ignore file is larger than {MaxFileBytes} bytes");
                }
            }

            return text.ToString();
        }
        catch (FsException ex) when (ex.Kind is FsErrorKind.NotFound or FsErrorKind.InvalidName or FsErrorKind.TraversesSymlink or FsErrorKind.NotADirectory)
        {
            return null;
        }
    }
}
