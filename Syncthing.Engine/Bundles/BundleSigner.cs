using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// Signs a SHA-256 digest with a device's private key and checks such a signature against a certificate: ECDSA
/// (Syncthing's keys; DER-encoded signature) or RSA (PKCS#1 v1.5, for identities imported with an RSA key). The
/// signer's device ID is the SHA-256 of its certificate, exactly as on a BEP connection.
/// </summary>
internal static class BundleSigner
{
    public static byte[] Sign(DeviceIdentity identity, ReadOnlySpan<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(identity);
        using var ecdsa = identity.Certificate.GetECDsaPrivateKey();
        if (ecdsa is not null)
        {
            return ecdsa.SignHash(digest.ToArray(), DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = identity.Certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.SignHash(digest.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        throw new BundleException("The device key is neither ECDSA nor RSA; it cannot sign bundles.");
    }

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="digest"/> with <paramref name="certificateDer"/>'s
    /// key, and that the certificate belongs to <paramref name="claimed"/> and that device is trusted.
    /// </summary>
    public static void Verify(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, DeviceId claimed, IReadOnlySet<DeviceId> trusted, string what)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        var actual = DeviceId.FromCertificate(certificateDer);
        if (actual != claimed)
        {
            throw new BundleException($"The {what} claims to come from {claimed} but its certificate belongs to {actual} (wrong signer).");
        }

        if (!trusted.Contains(actual))
        {
            throw new BundleException($"The {what} is signed by {actual}, a device we do not trust (unknown signer).");
        }

        bool valid;
        try
        {
            using var certificate = new X509Certificate2(certificateDer);
            using var ecdsa = certificate.GetECDsaPublicKey();
            if (ecdsa is not null)
            {
                valid = ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
            }
            else
            {
                using var rsa = certificate.GetRSAPublicKey() ?? throw new BundleException($"The {what}'s certificate has neither an ECDSA nor an RSA key.");
                valid = rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }
        catch (CryptographicException e)
        {
            throw new BundleException($"The {what}'s certificate or signature cannot be read: {e.Message}", e);
        }

        if (!valid)
        {
            throw new BundleException($"The {what}'s signature does not match its content (tampered or corrupted).");
        }
    }
}
