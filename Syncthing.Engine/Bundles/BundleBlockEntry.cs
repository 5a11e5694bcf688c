namespace Syncthing.Engine.Bundles;

/// <summary>Where one block's data sits in a bundle: offset of the (possibly compressed) body, its length, the raw length and encoding.</summary>
internal readonly record struct BundleBlockEntry(long Offset, int BodyLength, int RawLength, byte Encoding);
