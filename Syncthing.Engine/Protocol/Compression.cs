namespace Syncthing.Engine.Protocol;

/// <summary>Per-device compression setting, as in Syncthing's config (`compression` attribute).</summary>
public enum CompressionMode
{
    /// <summary>Compress every message except Response (block data) when it is at least 128 bytes.</summary>
    Metadata = 0,

    /// <summary>Never compress.</summary>
    Never = 1,

    /// <summary>Compress every message, Responses too, when it is at least 128 bytes.</summary>
    Always = 2,
}
