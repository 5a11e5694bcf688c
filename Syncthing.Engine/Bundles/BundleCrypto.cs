using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// The password container of a bundle (docs/BUNDLES.md, "Encryption"): a 40-byte header (magic "STBCRYPT", version,
/// KDF, PBKDF2 iterations, salt, chunk size, nonce prefix) followed by AES-256-GCM chunks of
/// <see cref="ChunkSize"/> plaintext bytes each (the last one shorter or empty), each with its 16-byte tag. A
/// chunk's nonce is the random prefix and the chunk's number; its associated data is the header and a "final"
/// flag, so editing the header, reordering, dropping, truncating or appending chunks all fail authentication.
/// </summary>
internal static class BundleCrypto
{
    /// <summary>"STBCRYPT" in ASCII: the first eight bytes of an encrypted bundle.</summary>
    public static ReadOnlySpan<byte> Magic => "STBCRYPT"u8;

    public const ushort Version = 1;

    /// <summary>PBKDF2-HMAC-SHA256.</summary>
    public const byte KdfPbkdf2Sha256 = 1;

    public const int HeaderLength = 40;

    public const int SaltLength = 16;

    public const int NoncePrefixLength = 4;

    public const int TagLength = 16;

    public const int KeyLength = 32;

    /// <summary>Plaintext bytes per chunk (1 MiB).</summary>
    public const int ChunkSize = 1024 * 1024;

    /// <summary>OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023).</summary>
    public const int DefaultIterations = 310_000;

    /// <summary>Lowest count the exporter accepts (tests use it; real exports keep the default).</summary>
    public const int MinIterations = 1_000;

    /// <summary>Highest count a reader accepts, so a hostile file cannot keep the CPU busy for minutes.</summary>
    public const int MaxIterations = 10_000_000;

    public const string PasswordNeeded = "This bundle is encrypted; a password is needed.";

    public const string WrongPasswordOrAltered =
        "The password is wrong or the bundle was altered (its encryption does not verify).";

    /// <summary>A new header with a fresh random salt and nonce prefix.</summary>
    public static byte[] NewHeader(int iterations)
    {
        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"PBKDF2 iterations must be between {MinIterations} and {MaxIterations}.");
        }

        var header = new byte[HeaderLength];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], Version);
        span[10] = KdfPbkdf2Sha256;
        span[11] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], (uint)iterations);
        RandomNumberGenerator.Fill(span.Slice(16, SaltLength));
        BinaryPrimitives.WriteUInt32BigEndian(span[32..], ChunkSize);
        RandomNumberGenerator.Fill(span.Slice(36, NoncePrefixLength));
        return header;
    }

    /// <summary>Checks a header read from a file (every field bounded before use) and returns its chunk size.</summary>
    /// <exception cref="BundleException">Not an encrypted bundle of a version, KDF or size this code knows.</exception>
    public static int ValidateHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length != HeaderLength || !header[..8].SequenceEqual(Magic))
        {
            throw new BundleException("This is not an encrypted bundle (bad magic).");
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(header[8..]) != Version || header[10] != KdfPbkdf2Sha256 || header[11] != 0)
        {
            throw new BundleException("The encrypted bundle uses an unsupported version or key derivation.");
        }

        var iterations = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        if (iterations is < 1 or > MaxIterations)
        {
            throw new BundleException($"The encrypted bundle asks for {iterations} key derivation rounds; at most {MaxIterations} are accepted.");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(header[32..]) != ChunkSize)
        {
            throw new BundleException("The encrypted bundle uses an unsupported chunk size.");
        }

        return ChunkSize;
    }

    /// <summary>The AES-256 key for the header's salt and iteration count.</summary>
    public static byte[] DeriveKey(string password, ReadOnlySpan<byte> header)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var iterations = (int)BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        var secret = Encoding.UTF8.GetBytes(password);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(secret, header.Slice(16, SaltLength), iterations, HashAlgorithmName.SHA256, KeyLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Nonce of chunk <paramref name="index"/>: the header's 4-byte prefix and the index (u64 BE).</summary>
    public static void Nonce(ReadOnlySpan<byte> header, long index, Span<byte> nonce)
    {
        header.Slice(36, NoncePrefixLength).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce[NoncePrefixLength..], index);
    }

    /// <summary>Associated data of a chunk: the header and the final flag (1 for the last chunk, else 0).</summary>
    public static byte[] AssociatedData(ReadOnlySpan<byte> header, bool final)
    {
        var data = new byte[HeaderLength + 1];
        header.CopyTo(data);
        data[HeaderLength] = final ? (byte)1 : (byte)0;
        return data;
    }

    /// <summary>
    /// The stream to hand to <see cref="BundleReader"/>: <paramref name="bundle"/> itself when it is a plain bundle,
    /// or a decrypting view of it when it starts with <see cref="Magic"/>.
    /// </summary>
    /// <exception cref="BundleException">Encrypted without a password, or a password given for a plain bundle.</exception>
    public static async Task<Stream> OpenAsync(Stream bundle, string? password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!bundle.CanSeek || !bundle.CanRead)
        {
            throw new ArgumentException("A bundle is read from a readable, seekable stream.", nameof(bundle));
        }

        var magic = new byte[Magic.Length];
        bundle.Position = 0;
        var read = await bundle.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        bundle.Position = 0;
        var encrypted = read == magic.Length && magic.AsSpan().SequenceEqual(Magic);
        if (!encrypted)
        {
            return password is null
                ? bundle
                : throw new BundleException("A password was given, but this bundle is not encrypted (or not a bundle at all).");
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new BundleException(PasswordNeeded);
        }

        return await BundleDecryptingStream.OpenAsync(bundle, password, cancellationToken).ConfigureAwait(false);
    }
}
