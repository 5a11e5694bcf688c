namespace Syncthing.Engine.Protocol;

/// <summary>Protocol constants and the bounds every length read from the wire is checked against.</summary>
public static class BepLimits
{
    /// <summary>First four bytes of a Hello (big-endian 0x2EA7D90B).</summary>
    public const uint HelloMagic = 0x2EA7D90B;

    /// <summary>Largest Hello protobuf a receiver accepts.</summary>
    public const int MaxHelloLength = 32767;

    /// <summary>Largest message payload Syncthing accepts (decimal 500 MB).</summary>
    public const int MaxMessageLength = 500_000_000;

    /// <summary>Largest header protobuf we accept; real headers are at most a few bytes.</summary>
    public const int MaxHeaderLength = 1024;

    /// <summary>Messages smaller than this are never compressed (Syncthing's threshold).</summary>
    public const int CompressionThreshold = 128;

    /// <summary>ALPN protocol name offered in both directions.</summary>
    public const string Alpn = "bep/1.0";

    /// <summary>Magic numbers of older protocol versions, reported as such instead of as garbage.</summary>
    internal static readonly uint[] OldMagics = [0x00010001, 0x00010000, 0x9F79BC40];
}
