namespace Syncthing.Engine.Fs;

/// <summary>
/// A writable file stream that also takes writes at explicit offsets, from several threads at once, without moving
/// its position. The puller writes verified blocks through it when a file system's streams offer it.
/// </summary>
public interface IPositionalWrite
{
    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>.</summary>
    void WriteAt(long offset, ReadOnlySpan<byte> data);
}
