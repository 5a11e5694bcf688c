using System.Security.Cryptography.X509Certificates;

namespace Syncthing.Engine.Identity;

/// <summary>
/// This node's identity: its TLS certificate (with private key, usable by <c>SslStream</c> as server and client
/// certificate) and the device ID derived from it. Stored as <c>cert.pem</c> and <c>key.pem</c> in the home
/// directory, in the same form Syncthing 1.19 uses, so either program can use the other's identity.
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    private DeviceIdentity(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Id = DeviceId.FromCertificate(certificate.RawData);
    }

    /// <summary>The certificate with its private key. Owned by this object.</summary>
    public X509Certificate2 Certificate { get; }

    public DeviceId Id { get; }

    /// <summary>Loads the identity in <paramref name="homeDirectory"/>, or creates one if neither file exists.</summary>
    /// <exception cref="IdentityException">Only one of the files exists, or they cannot be read or used.</exception>
    public static DeviceIdentity LoadOrCreate(string homeDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);
        return IdentityStore.Exists(homeDirectory) ? Load(homeDirectory) : Create(homeDirectory, time);
    }

    /// <summary>
    /// Loads <c>cert.pem</c> and <c>key.pem</c>; the key may be <c>EC PRIVATE KEY</c> (SEC1), <c>PRIVATE KEY</c>
    /// (PKCS#8, EC or RSA) or <c>RSA PRIVATE KEY</c> (PKCS#1).
    /// </summary>
    /// <exception cref="IdentityException">A file is missing or malformed, the key does not match, or its type is unsupported.</exception>
    public static DeviceIdentity Load(string homeDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);
        var (certPem, keyPem) = IdentityStore.Read(homeDirectory);
        return FromPem(certPem, keyPem, IdentityStore.CertificatePath(homeDirectory), IdentityStore.KeyPath(homeDirectory));
    }

    /// <summary>Generates a new identity and saves it in <paramref name="homeDirectory"/> (created if needed).</summary>
    /// <exception cref="IdentityException">An identity file already exists there, or the files cannot be written.</exception>
    public static DeviceIdentity Create(string homeDirectory, TimeProvider time) => CreateAndSave(homeDirectory, time, overwrite: false);

    /// <summary>
    /// Generates a new identity and saves it over any existing one. The old device ID is lost for good; every
    /// peer must then be told the new ID.
    /// </summary>
    public static DeviceIdentity Replace(string homeDirectory, TimeProvider time) => CreateAndSave(homeDirectory, time, overwrite: true);

    /// <summary>A new identity kept in memory only (tests, tools). <paramref name="commonName"/> is normally <c>syncthing</c>.</summary>
    internal static DeviceIdentity Generate(TimeProvider time, string commonName)
    {
        using var generated = DeviceCertificate.Generate(time, commonName);
        return new DeviceIdentity(TlsCertificate.MakeUsable(generated));
    }

    internal static DeviceIdentity FromPem(string certificatePem, string keyPem, string certificateSource, string keySource)
    {
        using var joined = IdentityPem.Decode(certificatePem, keyPem, certificateSource, keySource);
        return new DeviceIdentity(TlsCertificate.MakeUsable(joined));
    }

    /// <summary>The identity as (<c>cert.pem</c>, <c>key.pem</c>) contents, in the form Syncthing 1.19 writes.</summary>
    internal (string CertificatePem, string KeyPem) ToPem() =>
        (IdentityPem.EncodeCertificate(Certificate), IdentityPem.EncodePrivateKey(Certificate));

    public void Dispose() => Certificate.Dispose();

    public override string ToString() => Id.ToString();

    private static DeviceIdentity CreateAndSave(string homeDirectory, TimeProvider time, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);
        ArgumentNullException.ThrowIfNull(time);
        if (!overwrite && IdentityStore.Exists(homeDirectory))
        {
            throw new IdentityException($"{homeDirectory} already holds an identity (cert.pem or key.pem); refusing to replace it.");
        }

        var identity = Generate(time, DeviceCertificate.DefaultCommonName);
        try
        {
            var (certPem, keyPem) = identity.ToPem();
            IdentityStore.Write(homeDirectory, certPem, keyPem, overwrite);
            return identity;
        }
        catch
        {
            identity.Dispose();
            throw;
        }
    }
}
