using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Syncthing.Engine.Identity;

/// <summary>
/// Generates device certificates with the profile Syncthing 1.19 uses for <c>cert.pem</c>: ECDSA P-384 key,
/// self-signed with ecdsa-with-SHA256, Subject = Issuer <c>O=Syncthing, OU=Automatically Generated, CN=…</c>,
/// SAN DNS = the common name, random unsigned 64-bit serial, valid from 00:00:00 UTC of the generation day for
/// 7300 days, KeyUsage (critical) digitalSignature + keyEncipherment, EKU serverAuth + clientAuth and
/// BasicConstraints (critical) CA:FALSE, extensions in that order.
/// </summary>
internal static class DeviceCertificate
{
    /// <summary>The common name (and SAN) of device certificates; peers check it against <c>certName</c>.</summary>
    public const string DefaultCommonName = "syncthing";

    /// <summary>20 × 365 days, as Syncthing's <c>tlsutil</c> uses for device, discovery and relay identities.</summary>
    public const int ValidityDays = 7300;

    private const string OrganizationName = "Syncthing";
    private const string OrganizationalUnitName = "Automatically Generated";
    private const string OidOrganization = "2.5.4.10";
    private const string OidOrganizationalUnit = "2.5.4.11";
    private const string OidCommonName = "2.5.4.3";
    private const string OidServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string OidClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A new P-384 key and its certificate, with the private key attached (ephemeral, not yet TLS-ready).</summary>
    public static X509Certificate2 Generate(TimeProvider time) => Generate(time, DefaultCommonName);

    /// <summary>As <see cref="Generate(TimeProvider)"/> with another common name (e.g. <c>strelaysrv</c>).</summary>
    public static X509Certificate2 Generate(TimeProvider time, string commonName)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrEmpty(commonName);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var name = BuildName(commonName);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(OidServerAuth), new Oid(OidClientAuth) }, critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName);
        request.CertificateExtensions.Add(san.Build(critical: false));

        var notBefore = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var notAfter = notBefore.AddDays(ValidityDays);
        var generator = X509SignatureGenerator.CreateForECDsa(key);
        using var publicOnly = request.Create(name, generator, notBefore, notAfter, NewSerialNumber());
        return publicOnly.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Eight random bytes as a positive integer without leading zero bytes (the minimal big-endian form of a
    /// random unsigned 64-bit value, as Go encodes it); never zero.
    /// </summary>
    internal static byte[] NewSerialNumber()
    {
        Span<byte> raw = stackalloc byte[8];
        do
        {
            RandomNumberGenerator.Fill(raw);
        }
        while (raw.IndexOfAnyExcept((byte)0) < 0);

        return raw[raw.IndexOfAnyExcept((byte)0)..].ToArray();
    }

    private static X500DistinguishedName BuildName(string commonName)
    {
        // The encoding order must be O, OU, CN (as Go writes it). The builder emits attributes in the reverse order
        // of the Add calls. Go marshals each value as PrintableString when its characters allow, else UTF8String.
        var builder = new X500DistinguishedNameBuilder();
        builder.Add(OidCommonName, commonName,
            IsPrintable(commonName) ? UniversalTagNumber.PrintableString : UniversalTagNumber.UTF8String);
        builder.Add(OidOrganizationalUnit, OrganizationalUnitName, UniversalTagNumber.PrintableString);
        builder.Add(OidOrganization, OrganizationName, UniversalTagNumber.PrintableString);
        return builder.Build();
    }

    private static bool IsPrintable(string s)
    {
        foreach (var c in s)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or ' ' or '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '?';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
