using Syncthing.Engine.Common;

namespace Syncthing.Engine.Identity;

/// <summary>
/// A device identity (<c>cert.pem</c> and <c>key.pem</c>) could not be loaded, created or saved: files missing or
/// already present, unreadable PEM, a key that does not belong to the certificate, or an unsupported key type.
/// </summary>
public sealed class IdentityException : SyncthingException
{
    public IdentityException(string message) : base(message) { }

    public IdentityException(string message, Exception? innerException) : base(message, innerException) { }
}
