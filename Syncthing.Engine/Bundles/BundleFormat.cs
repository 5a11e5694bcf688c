namespace Syncthing.Engine.Bundles;

/// <summary>
/// Constants of the offline bundle format (docs/BUNDLES.md): the magic, the version, the frame types and the
/// limits every length read from a bundle is checked against before anything is allocated.
/// </summary>
internal static class BundleFormat
{
    /// <summary>"STBUNDLE" in ASCII: the first eight bytes of every bundle.</summary>
    public static ReadOnlySpan<byte> Magic => "STBUNDLE"u8;

    public const ushort Version = 1;

    /// <summary>Magic, version (u16 BE) and a reserved u16 (0).</summary>
    public const int PreambleLength = 12;

    /// <summary>Frame type (u8) and payload length (u32 BE).</summary>
    public const int FrameHeaderLength = 5;

    public const byte HeaderFrame = 0x01;
    public const byte RecordFrame = 0x02;
    public const byte BlockFrame = 0x03;
    public const byte TrailerFrame = 0x7F;

    public const byte RawBlock = 0;
    public const byte Lz4Block = 1;

    public const int HashLength = 32;

    /// <summary>Block frame payload before the data: hash, raw length (u32 BE), encoding (u8).</summary>
    public const int BlockPrefixLength = HashLength + 4 + 1;

    public const int MaxHeaderLength = 1024 * 1024;

    /// <summary>One FileInfo (with its folder index); a 1 TiB file of 16 MiB blocks needs far less.</summary>
    public const int MaxRecordLength = 64 * 1024 * 1024;

    /// <summary>Largest block Syncthing uses (16 MiB).</summary>
    public const int MaxBlockLength = 16 * 1024 * 1024;

    public const int MaxManifestLength = 64 * 1024;

    public const int MaxSignatureLength = 4096;

    public const int MaxCertificateLength = 64 * 1024;

    public const int MaxFolders = 1024;

    public const int MaxTargets = 1024;

    /// <summary>Largest block frame: prefix plus the worst LZ4 expansion of a maximum block.</summary>
    public static int MaxBlockFrameLength { get; } =
        BlockPrefixLength + Math.Max(MaxBlockLength, Syncthing.Engine.Protocol.Compression.Lz4Block.MaxCompressedLength(MaxBlockLength));
}
