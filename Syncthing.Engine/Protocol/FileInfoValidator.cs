using Syncthing.Engine.Protocol.Wire;
using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Protocol;

/// <summary>The checks Syncthing applies to every FileInfo a peer announces; a failure closes the connection.</summary>
internal static class FileInfoValidator
{
    public static string? Validate(FileInfo file)
    {
        var nameError = Fs.PathNames.ValidateWireName(file.Name);
        if (nameError is not null)
        {
            return $"\"{Printable(file.Name)}\": filename is invalid ({nameError})";
        }

        if ((int)file.Type is < 0 or > 4)
        {
            return $"\"{file.Name}\": unknown file type {(int)file.Type}";
        }

        var isFile = file.Type == FileInfoType.File;
        if (file.Deleted && file.Blocks.Count > 0)
        {
            return $"\"{file.Name}\": deleted file with non-empty block list";
        }

        if (!isFile && file.Blocks.Count > 0)
        {
            return $"\"{file.Name}\": {(file.Type == FileInfoType.Directory ? "directory" : "symlink")} with non-empty block list";
        }

        if (isFile && !file.Deleted && !file.Invalid && file.Blocks.Count == 0)
        {
            return $"\"{file.Name}\": file with empty block list";
        }

        if (file.Size < 0 || file.ModifiedNs is < 0 or > 999_999_999)
        {
            return $"\"{file.Name}\": size or modification time out of range";
        }

        return null;
    }

    private static string Printable(string name) =>
        string.Concat(name.Select(c => c < 0x20 ? $"\\x{(int)c:x2}" : c.ToString()));
}
