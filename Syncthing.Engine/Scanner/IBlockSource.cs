namespace Syncthing.Engine.Scanner;

/// <summary>
/// Positional read access to the bytes of one file being hashed. Implementations exist for an in-memory buffer
/// (<see cref="MemoryBlockSource"/>), an open file handle (<see cref="FileHandleBlockSource"/>) and a seekable
/// stream (<see cref="StreamBlockSource"/>).
/// </summary>
internal interface IBlockSource
{
    /// <summary>
    /// True when <see cref="Read"/> may be called from several threads at once (each with its own buffer and
    /// offset); the hasher only splits a file among workers when this is true.
    /// </summary>
    bool SupportsConcurrentReads { get; }

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes starting at <paramref name="offset"/>. Returns the number of
    /// bytes read, which may be less than requested; 0 means end of file. Never changes any shared position.
    /// </summary>
    int Read(long offset, Span<byte> destination);
}
