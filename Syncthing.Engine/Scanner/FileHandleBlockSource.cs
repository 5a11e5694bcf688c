using Microsoft.Win32.SafeHandles;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// An <see cref="IBlockSource"/> over an open file handle, using positional reads (<see cref="RandomAccess"/>), so
/// several workers can read one handle concurrently. The caller opens the handle (through the filesystem layer)
/// and keeps ownership: this type never disposes it.
/// </summary>
internal sealed class FileHandleBlockSource : IBlockSource
{
    private readonly SafeFileHandle _handle;

    public FileHandleBlockSource(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _handle = handle;
    }

    public bool SupportsConcurrentReads => true;

    public int Read(long offset, Span<byte> destination) => RandomAccess.Read(_handle, destination, offset);
}
