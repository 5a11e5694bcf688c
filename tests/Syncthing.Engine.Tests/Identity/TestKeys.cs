using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Syncthing.Engine.Tests.Identity;

/// <summary>Certificates and keys in the PEM forms the loader must accept or reject.</summary>
internal static class TestKeys
{
    // Made with `openssl req -x509 -newkey ed25519 -nodes -subj /CN=syncthing` (Syncthing v2 uses Ed25519).
    public const string Ed25519CertificatePem = """
        -----BEGIN CERTIFICATE-----
        MIIBPDCB76ADAgECAhQw2B9DFoh5X6kEdT+saGg+YT03qzAFBgMrZXAwFDESMBAG
        A1UEAwwJc3luY3RoaW5nMB4XDTI2MTEyMjAwMzkwMFoXDTM2MTExOTAwMzkwMFow
        FDESMBAGA1UEAwwJc3luY3RoaW5nMCowBQYDK2VwAyEA0Xy/a5UEqCdT9TaxhgY5
        7i0WZ6/u0+6gCADQp8GF/iejUzBRMB0GA1UdDgQWBBRGehHjUxaUdDXqUNUPWtuO
        INsR0zAfBgNVHSMEGDAWgBRGehHjUxaUdDXqUNUPWtuOINsR0zAPBgNVHRMBAf8E
        BTADAQH/MAUGAytlcANBAGtHHQ1RBqe31r2SUMdFLv5eJfO12q9C5b0clmjqz3nQ
        vNl6pFzo98VJyZbbMfzxQWxsl/YFTuHjVCxNkOyKDws=
        -----END CERTIFICATE-----
        """;

    public const string Ed25519KeyPem = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEILHF3JblfbnIl0eD5aZde8toZgiiR6+cAotdH2pLKNBb
        -----END PRIVATE KEY-----
        """;

    /// <summary>The private key of an EC certificate as PKCS#8 <c>PRIVATE KEY</c>.</summary>
    public static string EcKeyAsPkcs8(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8PrivateKey());
    }

    /// <summary>A self-signed RSA-2048 certificate (like pre-0.12.5 identities) and its key as PKCS#1 and PKCS#8.</summary>
    public static (string CertificatePem, string Pkcs1KeyPem, string Pkcs8KeyPem) Rsa()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=syncthing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return (PemEncoding.WriteString("CERTIFICATE", cert.RawData),
            PemEncoding.WriteString("RSA PRIVATE KEY", rsa.ExportRSAPrivateKey()),
            PemEncoding.WriteString("PRIVATE KEY", rsa.ExportPkcs8PrivateKey()));
    }
}
