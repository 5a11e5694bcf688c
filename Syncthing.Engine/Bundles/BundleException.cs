using Syncthing.Engine.Common;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// A bundle or receipt that cannot be used: malformed, truncated, tampered with, signed by a device we do not
/// trust, or not addressed to us. Thrown before anything in the folder or the index has changed.
/// </summary>
public sealed class BundleException : SyncthingException
{
    public BundleException(string message) : base(message) { }

    public BundleException(string message, Exception? innerException) : base(message, innerException) { }
}
