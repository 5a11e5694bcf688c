using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Identity;

/// <summary>Checks every field of the generated certificate against the Syncthing 1.19 profile (brief §1.1).</summary>
public class DeviceCertificateTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 15, 13, 45, 12, 345, TimeSpan.Zero);

    // Extension values copied from a cert.pem made by `syncthing generate` (1.19.2), as DER hex.
    private const string KeyUsageValue = "030205A0";
    private const string ExtKeyUsageValue = "301406082B0601050507030106082B06010505070302";
    private const string BasicConstraintsValue = "3000";
    private const string SubjectAltNameValue = "300B820973796E637468696E67";

    [Fact]
    public void TbsCertificateMatchesTheProfile()
    {
        using var cert = DeviceCertificate.Generate(new FixedTimeProvider(Now));
        var certificate = new AsnReader(cert.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();

        // version [0] EXPLICIT INTEGER 2 (v3)
        var version = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        Assert.Equal(2, (int)version.ReadInteger());

        // serialNumber: positive, minimally encoded, fits in an unsigned 64-bit value, not zero
        var serial = tbs.ReadIntegerBytes().ToArray();
        var serialValue = new BigInteger(serial, isUnsigned: false, isBigEndian: true);
        Assert.True(serialValue > 0);
        Assert.True(serialValue <= ulong.MaxValue);

        Assert.Equal("1.2.840.10045.4.3.2", ReadAlgorithmWithoutParameters(tbs));

        var issuer = tbs.ReadEncodedValue().ToArray();
        var validity = tbs.ReadSequence();
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 0, 0, 0, TimeSpan.Zero), validity.ReadUtcTime());
        Assert.Equal(new DateTimeOffset(2044, 3, 10, 0, 0, 0, TimeSpan.Zero), validity.ReadUtcTime());
        var subject = tbs.ReadEncodedValue().ToArray();
        Assert.Equal(issuer, subject);
        AssertName(subject, "syncthing");

        var spki = tbs.ReadSequence();
        var algorithm = spki.ReadSequence();
        Assert.Equal("1.2.840.10045.2.1", algorithm.ReadObjectIdentifier()); // id-ecPublicKey
        Assert.Equal("1.3.132.0.34", algorithm.ReadObjectIdentifier()); // secp384r1
        var point = spki.ReadBitString(out var unused);
        Assert.Equal(0, unused);
        Assert.Equal(97, point.Length);
        Assert.Equal(0x04, point[0]); // uncompressed

        var extensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)).ReadSequence();
        AssertExtension(extensions, "2.5.29.15", critical: true, KeyUsageValue);
        AssertExtension(extensions, "2.5.29.37", critical: false, ExtKeyUsageValue);
        AssertExtension(extensions, "2.5.29.19", critical: true, BasicConstraintsValue);
        AssertExtension(extensions, "2.5.29.17", critical: false, SubjectAltNameValue);
        Assert.False(extensions.HasData);
        Assert.False(tbs.HasData);

        Assert.Equal("1.2.840.10045.4.3.2", ReadAlgorithmWithoutParameters(certificate));
        certificate.ReadBitString(out _);
        Assert.False(certificate.HasData);
    }

    [Fact]
    public void X509ViewAgreesAndTheSignatureVerifies()
    {
        using var cert = DeviceCertificate.Generate(new FixedTimeProvider(Now));
        Assert.Equal(3, cert.Version);
        // .NET shows the RDNs last-first; this is also how it shows a cert.pem made by Syncthing.
        Assert.Equal("CN=syncthing, OU=Automatically Generated, O=Syncthing", cert.Subject);
        Assert.Equal(cert.Subject, cert.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", cert.SignatureAlgorithm.Value);
        Assert.True(cert.HasPrivateKey);

        var ku = Assert.Single(cert.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, ku.KeyUsages);
        var eku = Assert.Single(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var bc = Assert.Single(cert.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(bc.CertificateAuthority);
        Assert.False(bc.HasPathLengthConstraint);
        var san = Assert.Single(cert.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["syncthing"], san.EnumerateDnsNames());

        using var key = cert.GetECDsaPublicKey()!;
        Assert.Equal(384, key.KeySize);
        var outer = new AsnReader(cert.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        outer.ReadSequence();
        var signature = outer.ReadBitString(out _);
        Assert.True(key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Theory]
    [InlineData("2024-03-15T00:00:00Z", "2024-03-15T00:00:00Z")]
    [InlineData("2024-03-15T23:59:59.999Z", "2024-03-15T00:00:00Z")]
    [InlineData("2024-03-15T23:30:00-05:00", "2024-03-16T00:00:00Z")] // the UTC day, not the local one
    public void NotBeforeIsMidnightUtcOfTheGenerationDay(string now, string expected)
    {
        var time = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        using var cert = DeviceCertificate.Generate(new FixedTimeProvider(time));
        var notBefore = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(notBefore.UtcDateTime, cert.NotBefore.ToUniversalTime());
        Assert.Equal(notBefore.AddDays(7300).UtcDateTime, cert.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void OtherCommonNameIsUsedForSubjectAndSan()
    {
        using var cert = DeviceCertificate.Generate(new FixedTimeProvider(Now), "strelaysrv");
        Assert.Equal("CN=strelaysrv, OU=Automatically Generated, O=Syncthing", cert.Subject);
        Assert.Equal(["strelaysrv"], cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        AssertName(cert.SubjectName.RawData, "strelaysrv");
    }

    [Fact]
    public void SerialNumbersAreRandomPositiveAndMinimal()
    {
        var serials = Enumerable.Range(0, 64).Select(_ => DeviceCertificate.NewSerialNumber()).ToList();
        Assert.Equal(serials.Count, serials.Select(Convert.ToHexString).Distinct().Count());
        Assert.All(serials, s =>
        {
            Assert.InRange(s.Length, 1, 8);
            Assert.NotEqual(0, s[0]);
        });

        // Serials with the top bit set get a leading zero in DER, so they stay positive.
        Assert.Contains(serials, s => s.Length == 8 && s[0] >= 0x80);
        using var cert = DeviceCertificate.Generate(new FixedTimeProvider(Now));
        var serial = new BigInteger(cert.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
        Assert.True(serial > 0);
    }

    [Fact]
    public void DeviceIdIsSha256OfTheDer()
    {
        using var identity = DeviceIdentity.Generate(new FixedTimeProvider(Now), "syncthing");
        Assert.Equal(SHA256.HashData(identity.Certificate.RawData), identity.Id.Bytes.ToArray());
        Assert.Equal(DeviceId.FromCertificate(identity.Certificate.RawData), identity.Id);
    }

    private static string ReadAlgorithmWithoutParameters(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        Assert.False(algorithm.HasData); // ecdsa-with-SHA256 has no parameters, not even NULL
        return oid;
    }

    private static void AssertName(byte[] name, string commonName)
    {
        var rdns = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
        foreach (var (oid, value) in new[] { ("2.5.4.10", "Syncthing"), ("2.5.4.11", "Automatically Generated"), ("2.5.4.3", commonName) })
        {
            var set = rdns.ReadSetOf();
            var attribute = set.ReadSequence();
            Assert.False(set.HasData); // one attribute per RDN, as Go writes them
            Assert.Equal(oid, attribute.ReadObjectIdentifier());
            Assert.Equal(value, attribute.ReadCharacterString(UniversalTagNumber.PrintableString));
        }

        Assert.False(rdns.HasData);
    }

    private static void AssertExtension(AsnReader extensions, string oid, bool critical, string valueHex)
    {
        var extension = extensions.ReadSequence();
        Assert.Equal(oid, extension.ReadObjectIdentifier());
        if (critical)
        {
            Assert.True(extension.ReadBoolean());
        }
        else
        {
            Assert.False(extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean)); // DEFAULT FALSE is omitted
        }

        Assert.Equal(valueHex, Convert.ToHexString(extension.ReadOctetString()));
        Assert.False(extension.HasData);
    }
}
