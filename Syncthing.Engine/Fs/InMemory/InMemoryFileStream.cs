namespace Syncthing.Engine.Fs.InMemory;

/// <summary>
/// A seekable stream over one <see cref="InMemoryNode"/>. It reads the live content, so a change made while the
/// stream is open (for example from <see cref="InMemoryFileSystem.BeforeRead"/>) is seen by the next read, as on
/// a real disk. Like an open descriptor it keeps working after the name is removed or replaced.
/// </summary>
internal sealed class InMemoryFileStream : Stream
{
    private readonly InMemoryFileSystem _owner;
    private readonly InMemoryNode _node;
    private readonly string _name;
    private readonly bool _writable;
    private long _position;
    private bool _disposed;

    /// <summary>The file this stream reads or writes (for fstat).</summary>
    internal InMemoryNode Node => _node;

    public InMemoryFileStream(InMemoryFileSystem owner, InMemoryNode node, string name, bool writable)
    {
        _owner = owner;
        _node = node;
        _name = name;
        _writable = writable;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => !_disposed && _writable;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            lock (_owner.Gate)
            {
                return _node.Length;
            }
        }
    }

    public override long Position
    {
        get => _position;
        set
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _owner.BeforeRead?.Invoke(_name, _position);
        lock (_owner.Gate)
        {
            if (_position >= _node.Length)
            {
                return 0;
            }

            var available = (int)Math.Min(buffer.Length, _node.Length - _position);
            _node.Data.AsSpan((int)_position, available).CopyTo(buffer);
            _position += available;
            return available;
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_writable)
        {
            throw new NotSupportedException("The stream was opened for reading only.");
        }

        lock (_owner.Gate)
        {
            var end = _position + buffer.Length;
            EnsureCapacity(end);
            buffer.CopyTo(_node.Data.AsSpan((int)_position));
            _position = end;
            _node.Length = Math.Max(_node.Length, end);
            _node.Modified = _owner.Now();
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("Seek before the beginning of the stream.");
        }

        _position = target;
        return target;
    }

    public override void SetLength(long value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (!_writable)
        {
            throw new NotSupportedException("The stream was opened for reading only.");
        }

        lock (_owner.Gate)
        {
            EnsureCapacity(value);
            if (value < _node.Length)
            {
                _node.Data.AsSpan((int)value, (int)(_node.Length - value)).Clear();
            }

            _node.Length = value;
            _node.Modified = _owner.Now();
        }
    }

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private void EnsureCapacity(long length)
    {
        if (length > Array.MaxLength)
        {
            throw new FsException(FsErrorKind.NoSpace, _name, "in-memory files are limited to Array.MaxLength bytes");
        }

        if (length > _node.Data.Length)
        {
            var grown = (int)Math.Min(Array.MaxLength, Math.Max(length, _node.Data.Length * 2L));
            var data = new byte[grown];
            _node.Data.AsSpan(0, (int)_node.Length).CopyTo(data);
            _node.Data = data;
        }
    }
}
