using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Syncthing.Engine.Identity;

/// <summary>
/// The PEM forms of a device identity. Writes what Syncthing 1.19 writes (<c>CERTIFICATE</c>, and
/// <c>EC PRIVATE KEY</c> holding SEC1 DER); reads that plus PKCS#8 <c>PRIVATE KEY</c> (v2 and hand-made files)
/// and PKCS#1 <c>RSA PRIVATE KEY</c> (identities from before v0.12.5).
/// </summary>
internal static class IdentityPem
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string EcPrivateKeyLabel = "EC PRIVATE KEY";
    public const string Pkcs8PrivateKeyLabel = "PRIVATE KEY";
    public const string RsaPrivateKeyLabel = "RSA PRIVATE KEY";

    private const string OidEcPublicKey = "1.2.840.10045.2.1";
    private const string OidRsaEncryption = "1.2.840.113549.1.1.1";
    private const string OidEd25519 = "1.3.101.112";

    public static string EncodeCertificate(X509Certificate2 certificate) =>
        Encode(CertificateLabel, certificate.RawData);

    /// <summary>The private key of <paramref name="certificate"/>: EC keys as SEC1, RSA keys as PKCS#1.</summary>
    public static string EncodePrivateKey(X509Certificate2 certificate)
    {
        using (var ec = certificate.GetECDsaPrivateKey())
        {
            if (ec is not null)
            {
                return EncodeSecret(EcPrivateKeyLabel, ec.ExportECPrivateKey());
            }
        }

        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is not null)
            {
                return EncodeSecret(RsaPrivateKeyLabel, rsa.ExportRSAPrivateKey());
            }
        }

        throw new IdentityException("The certificate has no exportable EC or RSA private key.");
    }

    /// <summary>
    /// Parses a certificate and its private key and joins them. The result still has an ephemeral key; see
    /// <see cref="TlsCertificate.MakeUsable"/>. <paramref name="certSource"/> and <paramref name="keySource"/> name
    /// the inputs in error messages.
    /// </summary>
    public static X509Certificate2 Decode(string certPem, string keyPem, string certSource, string keySource)
    {
        using var certificate = DecodeCertificate(certPem, certSource);
        using var key = DecodePrivateKey(keyPem, keySource);
        try
        {
            switch (key)
            {
                case ECDsa ec:
                    using (var pub = certificate.GetECDsaPublicKey())
                    {
                        EnsureSameKey(pub?.ExportSubjectPublicKeyInfo(), ec.ExportSubjectPublicKeyInfo(), certSource, keySource);
                    }

                    return certificate.CopyWithPrivateKey(ec);
                case RSA rsa:
                    using (var pub = certificate.GetRSAPublicKey())
                    {
                        EnsureSameKey(pub?.ExportSubjectPublicKeyInfo(), rsa.ExportSubjectPublicKeyInfo(), certSource, keySource);
                    }

                    return certificate.CopyWithPrivateKey(rsa);
                default:
                    throw new IdentityException($"{keySource}: unsupported key type {key.GetType().Name}.");
            }
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"{certSource} and {keySource} could not be combined: {e.Message}", e);
        }
    }

    private static X509Certificate2 DecodeCertificate(string pem, string source)
    {
        var block = Blocks(pem, source).FirstOrDefault(b => b.Label == CertificateLabel);
        if (block.Der is null)
        {
            throw new IdentityException($"{source}: no PEM block labelled {CertificateLabel}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = new X509Certificate2(block.Der);
        }
        catch (CryptographicException e)
        {
            throw new IdentityException($"{source}: the {CertificateLabel} block is not a valid X.509 certificate: {e.Message}", e);
        }

        if (!certificate.RawData.AsSpan().SequenceEqual(block.Der))
        {
            certificate.Dispose();
            throw new IdentityException($"{source}: the {CertificateLabel} block is not a single DER certificate.");
        }

        return certificate;
    }

    private static AsymmetricAlgorithm DecodePrivateKey(string pem, string source)
    {
        // Like Go's tls.X509KeyPair: skip blocks that are not keys (e.g. EC PARAMETERS written by openssl).
        var block = Blocks(pem, source).FirstOrDefault(b => b.Label.EndsWith(Pkcs8PrivateKeyLabel, StringComparison.Ordinal));
        if (block.Der is null)
        {
            throw new IdentityException($"{source}: no PEM block holding a private key.");
        }

        try
        {
            return block.Label switch
            {
                EcPrivateKeyLabel => Import(ECDsa.Create(), block.Der, static (k, d) => { k.ImportECPrivateKey(d, out var n); return n; }),
                RsaPrivateKeyLabel => Import(RSA.Create(), block.Der, static (k, d) => { k.ImportRSAPrivateKey(d, out var n); return n; }),
                Pkcs8PrivateKeyLabel => DecodePkcs8(block.Der, source),
                _ => throw new IdentityException(
                    $"{source}: unsupported private key type '{block.Label}' (expected {EcPrivateKeyLabel}, {Pkcs8PrivateKeyLabel} or {RsaPrivateKeyLabel})."),
            };
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            throw new IdentityException($"{source}: the {block.Label} block is not a valid private key: {e.Message}", e);
        }
    }

    private static AsymmetricAlgorithm DecodePkcs8(byte[] der, string source)
    {
        // PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        _ = info.ReadInteger();
        var algorithm = info.ReadSequence().ReadObjectIdentifier();
        return algorithm switch
        {
            OidEcPublicKey => Import(ECDsa.Create(), der, static (k, d) => { k.ImportPkcs8PrivateKey(d, out var n); return n; }),
            OidRsaEncryption => Import(RSA.Create(), der, static (k, d) => { k.ImportPkcs8PrivateKey(d, out var n); return n; }),
            OidEd25519 => throw new IdentityException(
                $"{source}: Ed25519 keys (Syncthing v2 identities) are not supported; only ECDSA and RSA keys can be loaded."),
            _ => throw new IdentityException($"{source}: unsupported PKCS#8 key algorithm {algorithm}."),
        };
    }

    private static T Import<T>(T key, byte[] der, Func<T, byte[], int> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            if (import(key, der) != der.Length)
            {
                throw new CryptographicException("trailing data after the key");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void EnsureSameKey(byte[]? certificateKey, byte[] privateKey, string certSource, string keySource)
    {
        if (certificateKey is null)
        {
            throw new IdentityException($"{keySource} holds a different kind of key than the certificate in {certSource}.");
        }

        if (!CryptographicOperations.FixedTimeEquals(certificateKey, privateKey))
        {
            throw new IdentityException($"The private key in {keySource} does not match the certificate in {certSource}.");
        }
    }

    private static List<(string Label, byte[] Der)> Blocks(string text, string source)
    {
        var blocks = new List<(string, byte[])>();
        var offset = 0;
        while (offset < text.Length && PemEncoding.TryFind(text.AsSpan(offset), out var fields))
        {
            var block = text.AsSpan(offset);
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(block[fields.Base64Data], der, out var written) || written != der.Length)
            {
                throw new IdentityException($"{source}: malformed base64 in a PEM block.");
            }

            blocks.Add((block[fields.Label].ToString(), der));
            offset += fields.Location.End.Value;
        }

        if (blocks.Count == 0)
        {
            throw new IdentityException($"{source}: not a PEM file (no BEGIN/END block found).");
        }

        return blocks;
    }

    private static string Encode(string label, byte[] der) => new string(PemEncoding.Write(label, der)) + "\n";

    private static string EncodeSecret(string label, byte[] der)
    {
        try
        {
            return Encode(label, der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }
}
