namespace Syncthing.Engine.Bundles;

/// <summary>
/// What <see cref="BundleReceipt.AcceptAsync"/> did with a verified receipt: whether it was stored, the sequence of
/// our index the device is now known to hold (the next export's default start), or why it was ignored.
/// </summary>
internal sealed record BundleReceiptAcceptance(BundleReceipt Receipt, bool Stored, long Acknowledged, string? Ignored);
