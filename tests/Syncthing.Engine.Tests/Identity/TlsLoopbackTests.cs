using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Identity;

/// <summary>
/// Identities work with <c>SslStream</c> as both server and client certificate over TLS 1.3 with mutual
/// authentication, as BEP needs, and each side derives the other's device ID from what it received.
/// </summary>
public class TlsLoopbackTests
{
    private static readonly FixedTimeProvider Time = new(DateTimeOffset.UtcNow);
    private static readonly SslApplicationProtocol Bep = new("bep/1.0");

    [Theory]
    [InlineData("generated")]
    [InlineData("saved-and-loaded-sec1")]
    [InlineData("loaded-pkcs8")]
    [InlineData("loaded-rsa")]
    public async Task MutualTls13HandshakeInBothRoles(string kind)
    {
        using var home = new TempDirectory();
        using var subject = MakeIdentity(kind, home.Path);
        using var peer = DeviceIdentity.Generate(Time, "syncthing");

        await AssertHandshakeAsync(server: subject, client: peer);
        await AssertHandshakeAsync(server: peer, client: subject);
    }

    private static DeviceIdentity MakeIdentity(string kind, string home)
    {
        switch (kind)
        {
            case "generated":
                return DeviceIdentity.Generate(Time, "syncthing");
            case "saved-and-loaded-sec1":
                using (DeviceIdentity.Create(home, Time))
                {
                    return DeviceIdentity.Load(home);
                }

            case "loaded-pkcs8":
                using (var generated = DeviceIdentity.Generate(Time, "syncthing"))
                {
                    return DeviceIdentity.FromPem(generated.ToPem().CertificatePem, TestKeys.EcKeyAsPkcs8(generated.Certificate), "cert", "key");
                }

            default:
                var (cert, key, _) = TestKeys.Rsa();
                return DeviceIdentity.FromPem(cert, key, "cert", "key");
        }
    }

    // BEP does no chain or name validation: any certificate is accepted and identified by its device ID.
    // Returning "a certificate was presented" rather than a bare true also demands the mutual authentication.
    private static bool RequirePeerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null;

    private static async Task AssertHandshakeAsync(DeviceIdentity server, DeviceIdentity client)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var accept = listener.AcceptTcpClientAsync(cts.Token).AsTask();
            using var clientTcp = new TcpClient();
            await clientTcp.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            using var serverTcp = await accept;

            await using var serverTls = new SslStream(serverTcp.GetStream(), leaveInnerStreamOpen: false);
            await using var clientTls = new SslStream(clientTcp.GetStream(), leaveInnerStreamOpen: false);
            var serverOptions = new SslServerAuthenticationOptions
            {
                ServerCertificate = server.Certificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [Bep],
                RemoteCertificateValidationCallback = RequirePeerCertificate,
            };
            var clientOptions = new SslClientAuthenticationOptions
            {
                TargetHost = "syncthing",
                ClientCertificates = [client.Certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => client.Certificate,
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [Bep],
                RemoteCertificateValidationCallback = RequirePeerCertificate,
            };

            await Task.WhenAll(
                serverTls.AuthenticateAsServerAsync(serverOptions, cts.Token),
                clientTls.AuthenticateAsClientAsync(clientOptions, cts.Token));

            // Data flows both ways, so both sides really completed the handshake.
            await clientTls.WriteAsync(new byte[] { 1 }, cts.Token);
            await serverTls.WriteAsync(new byte[] { 2 }, cts.Token);
            var buffer = new byte[1];
            await serverTls.ReadExactlyAsync(buffer, cts.Token);
            Assert.Equal(1, buffer[0]);
            await clientTls.ReadExactlyAsync(buffer, cts.Token);
            Assert.Equal(2, buffer[0]);

            Assert.Equal(SslProtocols.Tls13, serverTls.SslProtocol);
            Assert.Equal(Bep, clientTls.NegotiatedApplicationProtocol);
            Assert.NotNull(serverTls.RemoteCertificate);
            Assert.NotNull(clientTls.RemoteCertificate);
            Assert.Equal(client.Id, DeviceId.FromCertificate(serverTls.RemoteCertificate.GetRawCertData()));
            Assert.Equal(server.Id, DeviceId.FromCertificate(clientTls.RemoteCertificate.GetRawCertData()));
        }
        finally
        {
            listener.Stop();
        }
    }
}
