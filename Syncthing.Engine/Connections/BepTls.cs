using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Connections;

/// <summary>
/// TLS settings for BEP: TLS 1.3 only, ALPN bep/1.0, both sides present exactly one certificate, no chain or name
/// validation at the TLS layer. The peer is identified afterwards by the SHA-256 of its certificate.
/// </summary>
/// <remarks>
/// Where the platform lets us order the TLS 1.3 suites (OpenSSL: Linux), AES-128-GCM comes first, as in Go's
/// preference, which Syncthing uses: OpenSSL's default puts AES-256-GCM first, whose four extra rounds cost every
/// transferred byte about a sixth more encryption work on both sides. The same three suites stay offered.
/// </remarks>
internal static class BepTls
{
    private static readonly List<SslApplicationProtocol> Alpn = [new SslApplicationProtocol(BepLimits.Alpn)];

    /// <summary>The TLS 1.3 suites in our order of preference; null where the platform cannot order them.</summary>
    public static CipherSuitesPolicy? Suites { get; } = CreateSuites();

    public static SslServerAuthenticationOptions ServerOptions(X509Certificate2 certificate) => new()
    {
        CipherSuitesPolicy = Suites,
        ServerCertificate = certificate,
        ClientCertificateRequired = true,
        EnabledSslProtocols = SslProtocols.Tls13,
        ApplicationProtocols = Alpn,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = AcceptAnyCertificate,
        AllowRenegotiation = false,
    };

    public static SslClientAuthenticationOptions ClientOptions(X509Certificate2 certificate) => new()
    {
        TargetHost = "syncthing",
        CipherSuitesPolicy = Suites,
        ClientCertificates = new X509CertificateCollection { certificate },
        LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
        EnabledSslProtocols = SslProtocols.Tls13,
        ApplicationProtocols = Alpn,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = AcceptAnyCertificate,
        AllowRenegotiation = false,
    };

    /// <summary>
    /// Accepts the peer's certificate whatever its issuer, dates or names: BEP identifies devices by certificate
    /// hash, compared with the configuration after the handshake. A peer that presents no certificate, or a chain
    /// instead of a single self-contained certificate, is refused here.
    /// </summary>
    /// <remarks>
    /// SslStream puts the certificates the peer sent into <c>chain.ChainPolicy.ExtraStore</c>, on Linux the leaf
    /// included, so "exactly one certificate" means: nothing in it but the leaf.
    /// </remarks>
    private static bool AcceptAnyCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (chain is null)
        {
            return true;
        }

        var leaf = certificate.GetRawCertData();
        foreach (var sent in chain.ChainPolicy.ExtraStore)
        {
            if (!sent.RawData.AsSpan().SequenceEqual(leaf))
            {
                return false;
            }
        }

        return true;
    }

    private static CipherSuitesPolicy? CreateSuites() =>
        OperatingSystem.IsLinux()
            ? new CipherSuitesPolicy([
                TlsCipherSuite.TLS_AES_128_GCM_SHA256,
                TlsCipherSuite.TLS_AES_256_GCM_SHA384,
                TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            ])
            : null;

    /// <summary>The device ID of the peer's leaf certificate; a BepProtocolException when it sent none.</summary>
    public static DeviceId RemoteDevice(SslStream stream)
    {
        var cert = stream.RemoteCertificate ?? throw new BepProtocolException("the peer presented no certificate");
        return DeviceId.FromCertificate(cert.GetRawCertData());
    }
}
