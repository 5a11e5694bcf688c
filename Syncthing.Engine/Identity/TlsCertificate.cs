using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Syncthing.Engine.Identity;

/// <summary>Turns a certificate with an in-memory key into one <c>SslStream</c> accepts on every platform.</summary>
internal static class TlsCertificate
{
    /// <summary>
    /// Round-trips <paramref name="certificateWithKey"/> through PKCS#12. A key attached with
    /// <c>CopyWithPrivateKey</c> is ephemeral; Windows SChannel refuses such keys for TLS, while a PKCS#12 import
    /// gives a key every TLS backend can use. The key stays exportable so the identity can be saved again.
    /// </summary>
    public static X509Certificate2 MakeUsable(X509Certificate2 certificateWithKey)
    {
        if (!certificateWithKey.HasPrivateKey)
        {
            throw new IdentityException("A TLS identity needs its private key.");
        }

        var pfx = certificateWithKey.Export(X509ContentType.Pkcs12);
        try
        {
            return new X509Certificate2(pfx, (string?)null, X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}
