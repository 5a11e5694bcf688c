using System.Security.Cryptography;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// A read-only, seekable view of the plaintext of an encrypted bundle (<see cref="BundleCrypto"/>). Chunks are
/// decrypted and authenticated one at a time when read, and the last one is kept, so memory is one chunk whatever
/// the bundle's size; random access (the importer re-reads records and blocks by offset) decrypts the chunk again.
/// Any chunk that does not authenticate (wrong password, a changed, moved, missing or extra byte) throws
/// <see cref="BundleException"/>. The underlying stream stays the caller's.
/// </summary>
internal sealed class BundleDecryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _header;
    private readonly AesGcm _aes;
    private readonly long _chunks;
    private readonly byte[] _cipher;
    private readonly byte[] _plain;
    private long _cached = -1;
    private int _cachedLength;
    private long _position;

    private BundleDecryptingStream(Stream inner, byte[] header, byte[] key, long chunks, long length)
    {
        _inner = inner;
        _header = header;
        _aes = new AesGcm(key, BundleCrypto.TagLength);
        _chunks = chunks;
        Length = length;
        _cipher = new byte[BundleCrypto.ChunkSize + BundleCrypto.TagLength];
        _plain = new byte[BundleCrypto.ChunkSize];
    }

    public override long Length { get; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>Reads and checks the header, derives the key and checks the password against the first chunk.</summary>
    public static async Task<BundleDecryptingStream> OpenAsync(Stream inner, string password, CancellationToken cancellationToken)
    {
        var header = new byte[BundleCrypto.HeaderLength];
        inner.Position = 0;
        if (await inner.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) != header.Length)
        {
            throw new BundleException("The encrypted bundle is truncated (its header is incomplete).");
        }

        BundleCrypto.ValidateHeader(header);
        const long stored = BundleCrypto.ChunkSize + BundleCrypto.TagLength;
        var body = inner.Length - BundleCrypto.HeaderLength;
        var chunks = body / stored + (body % stored == 0 ? 0 : 1);
        var last = body - (chunks - 1) * stored;
        if (chunks == 0 || last < BundleCrypto.TagLength)
        {
            throw new BundleException(BundleCrypto.WrongPasswordOrAltered);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var key = BundleCrypto.DeriveKey(password, header);
        BundleDecryptingStream stream;
        try
        {
            stream = new BundleDecryptingStream(inner, header, key, chunks, body - chunks * BundleCrypto.TagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        try
        {
            stream.Load(0);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return stream;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= Length)
        {
            return 0;
        }

        var chunk = _position / BundleCrypto.ChunkSize;
        var within = (int)(_position % BundleCrypto.ChunkSize);
        Load(chunk);
        var count = Math.Min(buffer.Length, _cachedLength - within);
        _plain.AsSpan(within, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

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
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }

    /// <summary>Decrypts and authenticates chunk <paramref name="index"/> into the cache (if not already there).</summary>
    private void Load(long index)
    {
        if (_cached == index)
        {
            return;
        }

        _cached = -1;
        const long stored = BundleCrypto.ChunkSize + BundleCrypto.TagLength;
        var final = index == _chunks - 1;
        var start = BundleCrypto.HeaderLength + index * stored;
        var length = (int)Math.Min(stored, _inner.Length - start);
        _inner.Position = start;
        _inner.ReadExactly(_cipher, 0, length);
        var plainLength = length - BundleCrypto.TagLength;
        Span<byte> nonce = stackalloc byte[12];
        BundleCrypto.Nonce(_header, index, nonce);
        try
        {
            _aes.Decrypt(nonce, _cipher.AsSpan(0, plainLength), _cipher.AsSpan(plainLength, BundleCrypto.TagLength),
                _plain.AsSpan(0, plainLength), BundleCrypto.AssociatedData(_header, final));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new BundleException(BundleCrypto.WrongPasswordOrAltered, e);
        }

        _cached = index;
        _cachedLength = plainLength;
    }
}
