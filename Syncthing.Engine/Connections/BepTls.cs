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
internal static class BepTls
{
    private static readonly List<SslApplicationProtocol> Alpn = [new SslApplicationProtocol(BepLimits.Alpn)];

    public static SslServerAuthenticationOptions ServerOptions(X509Certificate2 certificate) => new()
    {
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

    /// <summary>The device ID of the peer's leaf certificate; a BepProtocolException when it sent none.</summary>
    public static DeviceId RemoteDevice(SslStream stream)
    {
        var cert = stream.RemoteCertificate ?? throw new BepProtocolException("the peer presented no certificate");
        return DeviceId.FromCertificate(cert.GetRawCertData());
    }
}
