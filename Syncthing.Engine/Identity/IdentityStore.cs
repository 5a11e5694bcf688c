using System.Security.Cryptography;
using System.Text;

namespace Syncthing.Engine.Identity;

/// <summary>
/// Reads and writes <c>cert.pem</c> and <c>key.pem</c> in a Syncthing home directory. Each file is written to a
/// temporary file in the same directory, flushed to disk and renamed into place; <c>key.pem</c> is created with
/// mode 0600 and the home directory with 0700 on Unix.
/// </summary>
internal static class IdentityStore
{
    public const string CertificateFileName = "cert.pem";
    public const string KeyFileName = "key.pem";

    /// <summary>Real identity files are under 4 KiB; anything over this is not one.</summary>
    private const long MaxFileBytes = 1 << 20;

    public static string CertificatePath(string homeDirectory) => Path.Combine(homeDirectory, CertificateFileName);

    public static string KeyPath(string homeDirectory) => Path.Combine(homeDirectory, KeyFileName);

    /// <summary>True when either identity file is present (a half-written identity counts as present).</summary>
    public static bool Exists(string homeDirectory) =>
        File.Exists(CertificatePath(homeDirectory)) || File.Exists(KeyPath(homeDirectory));

    public static (string CertificatePem, string KeyPem) Read(string homeDirectory) =>
        (ReadText(CertificatePath(homeDirectory)), ReadText(KeyPath(homeDirectory)));

    /// <summary>
    /// Writes both files. Without <paramref name="overwrite"/> an existing file of either name is an error and
    /// nothing is written.
    /// </summary>
    public static void Write(string homeDirectory, string certificatePem, string keyPem, bool overwrite)
    {
        CreateHome(homeDirectory);
        var certPath = CertificatePath(homeDirectory);
        var keyPath = KeyPath(homeDirectory);
        if (!overwrite)
        {
            foreach (var path in new[] { certPath, keyPath })
            {
                if (File.Exists(path))
                {
                    throw new IdentityException($"{path} already exists; refusing to replace an existing identity.");
                }
            }
        }

        WriteAtomically(certPath, Encoding.ASCII.GetBytes(certificatePem), secret: false, overwrite);
        var keyBytes = Encoding.ASCII.GetBytes(keyPem);
        try
        {
            WriteAtomically(keyPath, keyBytes, secret: true, overwrite);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                throw new IdentityException($"{path} is {stream.Length} bytes; an identity file is at most {MaxFileBytes}.");
            }

            using var reader = new StreamReader(stream, Encoding.ASCII);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException e)
        {
            throw new IdentityException($"{path} does not exist.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new IdentityException($"{path} does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException($"{path} could not be read: {e.Message}", e);
        }
    }

    private static void CreateHome(string homeDirectory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(homeDirectory);
            }
            else
            {
                Directory.CreateDirectory(homeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException($"The home directory {homeDirectory} could not be created: {e.Message}", e);
        }
    }

    private static void WriteAtomically(string path, byte[] content, bool secret, bool overwrite)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            if (!overwrite && File.Exists(path))
            {
                throw new IdentityException($"{path} already exists; refusing to replace an existing identity.", e);
            }

            throw new IdentityException($"{path} could not be written: {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file is harmless.
        }
    }
}
