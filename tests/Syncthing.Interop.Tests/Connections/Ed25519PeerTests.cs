using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Interop.Tests.Infrastructure;
using Syncthing.Interop.Tests.Protocol;

namespace Syncthing.Interop.Tests.Connections;

/// <summary>
/// Syncthing 2.x identities are Ed25519. .NET cannot create such a certificate, so OpenSSL's command-line client
/// plays the v2 peer: it completes TLS 1.3 with an Ed25519 client certificate and sends a BEP Hello; our listener must
/// accept the handshake and identify the peer by the SHA-256 of that certificate.
/// </summary>
public class Ed25519PeerTests
{
    [Fact]
    public async Task AnEd25519ClientCertificateIsAcceptedAndIdentified()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var dir = Directory.CreateTempSubdirectory("st-ed25519").FullName;
        try
        {
            var cert = Path.Combine(dir, "cert.pem");
            var key = Path.Combine(dir, "key.pem");
            var (exit, _, err) = await ProcessRunner.RunAsync("openssl",
                ["req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=syncthing"],
                TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, err);
            using var edCert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(cert));
            var expectedId = DeviceId.FromCertificate(edCert.RawData);

            using var us = DeviceIdentity.Generate(TimeProvider.System, "syncthing");
            var policy = new ProbePeer(us.Id, "f", known: []);
            await using var service = new ConnectionService(us.Certificate, policy);
            var endpoint = service.Listen(new IPEndPoint(IPAddress.Loopback, 0));

            var hello = Path.Combine(dir, "hello.bin");
            await File.WriteAllBytesAsync(hello, HelloCodec.Encode(new Hello { ClientName = "syncthing", ClientVersion = "v2.0.0", DeviceName = "ed" }), timeout.Token);
            var psi = new ProcessStartInfo("bash")
            {
                ArgumentList =
                {
                    "-c",
                    $"openssl s_client -connect {endpoint} -tls1_3 -alpn bep/1.0 -cert {cert} -key {key} -quiet -ign_eof < {hello}",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var client = Process.Start(psi)!;
            try
            {
                await RealPeerFixture.WaitAsync(() => Task.FromResult(!policy.Rejected.IsEmpty), "the Ed25519 peer's Hello", timeout.Token);
            }
            finally
            {
                if (!client.HasExited)
                {
                    client.Kill(entireProcessTree: true);
                }
            }

            var (device, theirHello, _) = policy.Rejected.Single();
            Assert.Equal(expectedId, device);
            Assert.Equal(SHA256.HashData(edCert.RawData), device.Bytes.ToArray());
            Assert.Equal("v2.0.0", theirHello.ClientVersion);
            Assert.Equal("ed", theirHello.DeviceName);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
