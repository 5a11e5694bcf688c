namespace Syncthing.Engine.Scanner;

/// <summary>
/// An <see cref="IBlockSource"/> over a seekable <see cref="Stream"/>. A stream has one shared position, so reads are
/// serialized (seek + read under a lock) and the hasher hashes such a source with one worker. The caller keeps
/// ownership of the stream.
/// </summary>
internal sealed class StreamBlockSource : IBlockSource
{
    private readonly Stream _stream;
    private readonly object _gate = new();

    public StreamBlockSource(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }

        _stream = stream;
    }

    public bool SupportsConcurrentReads => false;

    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_gate)
        {
            _stream.Position = offset;
            return _stream.Read(destination);
        }
    }
}
