using System.Globalization;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// A write-only stream over one bundle file, or over numbered parts (<c>path.001</c>, <c>path.002</c>, …) of at most
/// <c>maxSize</c> bytes each; the bundle is the parts' bytes in order (<see cref="BundlePartReader"/> joins them).
/// </summary>
internal sealed class BundlePartWriter : Stream
{
    private readonly string _path;
    private readonly long? _maxSize;
    private readonly List<string> _paths = [];
    private FileStream? _current;
    private long _written;

    public BundlePartWriter(string path, long? maxSize)
    {
        if (maxSize is < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "A part must hold at least 4096 bytes.");
        }

        _path = path;
        _maxSize = maxSize;
    }

    public IReadOnlyList<string> Paths => _paths;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static string PartName(string path, int number) => path + "." + number.ToString("D3", CultureInfo.InvariantCulture);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var current = Current();
            var room = _maxSize is { } max ? (int)Math.Min(buffer.Length, max - _written) : buffer.Length;
            current.Write(buffer[..room]);
            _written += room;
            buffer = buffer[room..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var current = Current();
            var room = _maxSize is { } max ? (int)Math.Min(buffer.Length, max - _written) : buffer.Length;
            await current.WriteAsync(buffer[..room], cancellationToken).ConfigureAwait(false);
            _written += room;
            buffer = buffer[room..];
        }
    }

    public override void Flush() => _current?.Flush(flushToDisk: true);

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        _current?.Flush(flushToDisk: true);
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Removes every part written (after a failed export).</summary>
    public void DeleteParts()
    {
        _current?.Dispose();
        _current = null;
        foreach (var path in _paths)
        {
            File.Delete(path);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }

    private FileStream Current()
    {
        if (_current is not null && (_maxSize is null || _written < _maxSize))
        {
            return _current;
        }

        _current?.Flush(flushToDisk: true);
        _current?.Dispose();
        var path = _maxSize is null ? _path : PartName(_path, _paths.Count + 1);
        _current = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        _paths.Add(path);
        _written = 0;
        return _current;
    }
}
