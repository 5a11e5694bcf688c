namespace Syncthing.Engine.Bundles;

/// <summary>
/// A read-only, seekable stream over a bundle file, or over its numbered parts joined in order. Opening
/// <c>path</c> uses <c>path.001</c>, <c>path.002</c>, … when <c>path.001</c> exists (or when path itself ends in
/// <c>.001</c>), otherwise the single file.
/// </summary>
internal sealed class BundlePartReader : Stream
{
    private readonly FileStream[] _parts;
    private readonly long[] _starts;
    private long _position;

    private BundlePartReader(FileStream[] parts)
    {
        _parts = parts;
        _starts = new long[parts.Length];
        long start = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            _starts[i] = start;
            start += parts[i].Length;
        }

        Length = start;
    }

    public override long Length { get; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public static BundlePartReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stem = path.EndsWith(".001", StringComparison.Ordinal) ? path[..^4] : path;
        var names = new List<string>();
        if (File.Exists(BundlePartWriter.PartName(stem, 1)))
        {
            for (var n = 1; n <= 999 && File.Exists(BundlePartWriter.PartName(stem, n)); n++)
            {
                names.Add(BundlePartWriter.PartName(stem, n));
            }
        }
        else
        {
            names.Add(path);
        }

        var streams = new List<FileStream>();
        try
        {
            foreach (var name in names)
            {
                streams.Add(new FileStream(name, FileMode.Open, FileAccess.Read, FileShare.Read));
            }
        }
        catch
        {
            streams.ForEach(s => s.Dispose());
            throw;
        }

        return new BundlePartReader([.. streams]);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= Length)
        {
            return 0;
        }

        var part = Array.BinarySearch(_starts, _position);
        part = part >= 0 ? part : ~part - 1;
        while (part < _parts.Length - 1 && _position >= _starts[part] + _parts[part].Length)
        {
            part++;
        }

        var stream = _parts[part];
        stream.Position = _position - _starts[part];
        var read = stream.Read(buffer[..(int)Math.Min(buffer.Length, stream.Length - stream.Position)]);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in _parts)
            {
                part.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
