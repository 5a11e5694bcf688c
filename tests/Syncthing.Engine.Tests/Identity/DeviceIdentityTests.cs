using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Identity;

public class DeviceIdentityTests
{
    private static readonly FixedTimeProvider Time = new(new DateTimeOffset(2024, 3, 15, 13, 45, 12, TimeSpan.Zero));

    [Fact]
    public void CreateWritesSyncthingStylePemAndLoadKeepsTheId()
    {
        using var home = new TempDirectory();
        var dir = home.Combine("home");
        using var created = DeviceIdentity.Create(dir, Time);

        var certPem = File.ReadAllText(Path.Combine(dir, "cert.pem"));
        var keyPem = File.ReadAllText(Path.Combine(dir, "key.pem"));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", certPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END CERTIFICATE-----\n", certPem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----\n", keyPem, StringComparison.Ordinal);
        Assert.EndsWith("-----END EC PRIVATE KEY-----\n", keyPem, StringComparison.Ordinal);
        Assert.Equal(created.Certificate.RawData, PemEncoding.Find(certPem) is var f ? Convert.FromBase64String(certPem[f.Base64Data]) : null);

        // SEC1 DER: the key imports as an EC private key and belongs to the certificate.
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        using var pub = created.Certificate.GetECDsaPublicKey()!;
        Assert.Equal(pub.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());

        using var loaded = DeviceIdentity.Load(dir);
        Assert.Equal(created.Id, loaded.Id);
        Assert.Equal(SHA256.HashData(created.Certificate.RawData), loaded.Id.Bytes.ToArray());
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(dir, ".*"));
    }

    [Fact]
    public void KeyFileIsPrivateOnUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var home = new TempDirectory();
        var dir = home.Combine("home");
        using var _ = DeviceIdentity.Create(dir, Time);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "key.pem")));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(dir) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead));
    }

    [Fact]
    public void CreateNeverOverwritesButReplaceDoes()
    {
        using var home = new TempDirectory();
        using var first = DeviceIdentity.Create(home.Path, Time);
        var before = File.ReadAllBytes(home.Combine("cert.pem"));

        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.Create(home.Path, Time));
        Assert.Contains("already", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(home.Combine("cert.pem")));

        using var again = DeviceIdentity.LoadOrCreate(home.Path, Time);
        Assert.Equal(first.Id, again.Id);

        using var replaced = DeviceIdentity.Replace(home.Path, Time);
        Assert.NotEqual(first.Id, replaced.Id);
        using var reloaded = DeviceIdentity.Load(home.Path);
        Assert.Equal(replaced.Id, reloaded.Id);
    }

    [Fact]
    public void LoadOrCreateCreatesOnceThenLoads()
    {
        using var home = new TempDirectory();
        using var a = DeviceIdentity.LoadOrCreate(home.Path, Time);
        using var b = DeviceIdentity.LoadOrCreate(home.Path, Time);
        Assert.Equal(a.Id, b.Id);
    }

    [Fact]
    public void HalfAnIdentityIsAnErrorNotANewIdentity()
    {
        using var home = new TempDirectory();
        using (DeviceIdentity.Create(home.Path, Time))
        {
        }

        File.Delete(home.Combine("key.pem"));
        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.LoadOrCreate(home.Path, Time));
        Assert.Contains("key.pem does not exist", error.Message, StringComparison.Ordinal);
        Assert.Throws<IdentityException>(() => DeviceIdentity.Create(home.Path, Time));
    }

    [Fact]
    public void MissingFilesAreReported()
    {
        using var home = new TempDirectory();
        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.Load(home.Path));
        Assert.Contains("cert.pem does not exist", error.Message, StringComparison.Ordinal);
        var missingDir = Assert.Throws<IdentityException>(() => DeviceIdentity.Load(home.Combine("nope")));
        Assert.Contains("does not exist", missingDir.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pkcs8AndSec1KeysBothLoadToTheSameId()
    {
        using var original = DeviceIdentity.Generate(Time, "syncthing");
        var (certPem, sec1) = original.ToPem();
        var pkcs8 = TestKeys.EcKeyAsPkcs8(original.Certificate);

        using var fromSec1 = DeviceIdentity.FromPem(certPem, sec1, "cert", "key");
        using var fromPkcs8 = DeviceIdentity.FromPem(certPem, pkcs8, "cert", "key");
        Assert.Equal(original.Id, fromSec1.Id);
        Assert.Equal(original.Id, fromPkcs8.Id);
        Assert.True(fromPkcs8.Certificate.HasPrivateKey);
    }

    [Fact]
    public void OpensslStyleKeyFileWithEcParametersBlockLoads()
    {
        using var original = DeviceIdentity.Generate(Time, "syncthing");
        var (certPem, sec1) = original.ToPem();
        var withParams = "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n" + sec1;
        using var loaded = DeviceIdentity.FromPem(certPem, withParams, "cert", "key");
        Assert.Equal(original.Id, loaded.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RsaKeysLoad(bool pkcs8)
    {
        var (certPem, pkcs1Key, pkcs8Key) = TestKeys.Rsa();
        using var loaded = DeviceIdentity.FromPem(certPem, pkcs8 ? pkcs8Key : pkcs1Key, "cert", "key");
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.NotNull(loaded.Certificate.GetRSAPrivateKey());
        Assert.Equal(DeviceId.FromCertificate(PemEncoding.Find(certPem) is var f ? Convert.FromBase64String(certPem[f.Base64Data]) : []), loaded.Id);
    }

    [Fact]
    public void MismatchedKeyIsRejected()
    {
        using var a = DeviceIdentity.Generate(Time, "syncthing");
        using var b = DeviceIdentity.Generate(Time, "syncthing");
        var (certA, _) = a.ToPem();
        var (_, keyB) = b.ToPem();
        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.FromPem(certA, keyB, "cert.pem", "key.pem"));
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);

        var (_, rsaKey, _) = TestKeys.Rsa();
        var kind = Assert.Throws<IdentityException>(() => DeviceIdentity.FromPem(certA, rsaKey, "cert.pem", "key.pem"));
        Assert.Contains("different kind of key", kind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedFilesOnDiskAreRejected()
    {
        using var home = new TempDirectory();
        using var other = new TempDirectory();
        using (DeviceIdentity.Create(home.Path, Time))
        using (DeviceIdentity.Create(other.Path, Time))
        {
        }

        File.Copy(other.Combine("key.pem"), home.Combine("key.pem"), overwrite: true);
        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.Load(home.Path));
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ed25519IsReportedAsUnsupported()
    {
        var error = Assert.Throws<IdentityException>(() =>
            DeviceIdentity.FromPem(TestKeys.Ed25519CertificatePem, TestKeys.Ed25519KeyPem, "cert.pem", "key.pem"));
        Assert.Contains("Ed25519", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OPENSSH PRIVATE KEY", "unsupported private key type")]
    [InlineData("ENCRYPTED PRIVATE KEY", "unsupported private key type")]
    [InlineData("EC PRIVATE KEY", "not a valid private key")]
    [InlineData("PRIVATE KEY", "not a valid private key")]
    public void BadKeyBlocksAreReported(string label, string expected)
    {
        using var identity = DeviceIdentity.Generate(Time, "syncthing");
        var (certPem, _) = identity.ToPem();
        var keyPem = PemEncoding.WriteString(label, [0x30, 0x03, 0x02, 0x01, 0x01]);
        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.FromPem(certPem, keyPem, "cert.pem", "key.pem"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("key.pem: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not a PEM file")]
    [InlineData("hello world", "not a PEM file")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "not a valid X.509 certificate")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "no PEM block labelled CERTIFICATE")]
    public void GarbageCertificatePemIsReported(string certPem, string expected)
    {
        using var identity = DeviceIdentity.Generate(Time, "syncthing");
        var (_, keyPem) = identity.ToPem();
        var error = Assert.Throws<IdentityException>(() => DeviceIdentity.FromPem(certPem, keyPem, "cert.pem", "key.pem"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageKeyFileIsReported()
    {
        using var identity = DeviceIdentity.Generate(Time, "syncthing");
        var (certPem, _) = identity.ToPem();
        var noKey = Assert.Throws<IdentityException>(() => DeviceIdentity.FromPem(certPem, certPem, "cert.pem", "key.pem"));
        Assert.Contains("no PEM block holding a private key", noKey.Message, StringComparison.Ordinal);
        var notPem = Assert.Throws<IdentityException>(() => DeviceIdentity.FromPem(certPem, "\u0000\u0001garbage", "cert.pem", "key.pem"));
        Assert.Contains("not a PEM file", notPem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SavedKeyCanBeExportedAgainAfterLoading()
    {
        using var home = new TempDirectory();
        using (DeviceIdentity.Create(home.Path, Time))
        {
        }

        using var loaded = DeviceIdentity.Load(home.Path);
        var (certPem, keyPem) = loaded.ToPem();
        Assert.Equal(File.ReadAllText(home.Combine("cert.pem")), certPem);
        using var again = DeviceIdentity.FromPem(certPem, keyPem, "cert", "key");
        Assert.Equal(loaded.Id, again.Id);
    }
}
