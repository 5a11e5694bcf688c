using System.Security.Cryptography;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// A write-only stream that encrypts a bundle into the password container (<see cref="BundleCrypto"/>): the
/// header first, then one AES-256-GCM chunk per <see cref="BundleCrypto.ChunkSize"/> plaintext bytes. A chunk is
/// written only when more data follows it, so <see cref="CompleteAsync"/> always has the last chunk (shorter, full
/// or empty) to write with the final flag; without that call the output is incomplete and will not decrypt.
/// Memory: one plaintext and one ciphertext chunk. The underlying stream stays the caller's.
/// </summary>
internal sealed class BundleEncryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _header;
    private readonly AesGcm _aes;
    private readonly byte[] _plain = new byte[BundleCrypto.ChunkSize];
    private readonly byte[] _cipher = new byte[BundleCrypto.ChunkSize + BundleCrypto.TagLength];
    private int _buffered;
    private long _chunk;
    private bool _headerWritten;
    private bool _completed;

    public BundleEncryptingStream(Stream inner, string password, int iterations = BundleCrypto.DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(password);
        _inner = inner;
        _header = BundleCrypto.NewHeader(iterations);
        var key = BundleCrypto.DeriveKey(password, _header);
        try
        {
            _aes = new AesGcm(key, BundleCrypto.TagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypted bytes written to the underlying stream so far.</summary>
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_buffered == _plain.Length)
            {
                var length = Seal(final: false);
                WriteOut(_cipher.AsSpan(0, length));
            }

            var take = Math.Min(buffer.Length, _plain.Length - _buffered);
            buffer[..take].CopyTo(_plain.AsSpan(_buffered));
            _buffered += take;
            buffer = buffer[take..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!buffer.IsEmpty)
        {
            if (_buffered == _plain.Length)
            {
                var length = Seal(final: false);
                await WriteOutAsync(_cipher.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }

            var take = Math.Min(buffer.Length, _plain.Length - _buffered);
            buffer[..take].CopyTo(_plain.AsMemory(_buffered));
            _buffered += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Encrypts and writes the last chunk (with the final flag) and flushes the underlying stream.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var length = Seal(final: true);
        await WriteOutAsync(_cipher.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        _completed = true;
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes the underlying stream only: a partial chunk is never written before more data or completion.</summary>
    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }

    /// <summary>Encrypts the buffered plaintext as the next chunk into <see cref="_cipher"/>; returns its length with the tag.</summary>
    private int Seal(bool final)
    {
        Span<byte> nonce = stackalloc byte[12];
        BundleCrypto.Nonce(_header, _chunk, nonce);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _buffered), _cipher.AsSpan(0, _buffered), _cipher.AsSpan(_buffered, BundleCrypto.TagLength),
            BundleCrypto.AssociatedData(_header, final));
        var length = _buffered + BundleCrypto.TagLength;
        _chunk++;
        _buffered = 0;
        return length;
    }

    private void WriteOut(ReadOnlySpan<byte> chunk)
    {
        if (!_headerWritten)
        {
            _inner.Write(_header);
            BytesWritten += _header.Length;
            _headerWritten = true;
        }

        _inner.Write(chunk);
        BytesWritten += chunk.Length;
    }

    private async Task WriteOutAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (!_headerWritten)
        {
            await _inner.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
            BytesWritten += _header.Length;
            _headerWritten = true;
        }

        await _inner.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        BytesWritten += chunk.Length;
    }
}
