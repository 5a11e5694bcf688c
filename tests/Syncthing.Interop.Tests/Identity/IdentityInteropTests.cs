using System.Text.RegularExpressions;
using Syncthing.Engine.Identity;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Identity;

/// <summary>
/// Identities cross between real Syncthing 1.19.2 and this engine in both directions with the same device ID.
/// syncthing runs only with <c>--home</c> inside a temporary directory.
/// </summary>
public partial class IdentityInteropTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    [SyncthingFact]
    public async Task IdentityGeneratedBySyncthingLoadsWithTheSameDeviceId()
    {
        using var temp = new TempHome();
        var (exit, stdout, stderr) = await RunSyncthingAsync("generate", "--home", temp.Home, "--no-default-folder");
        Assert.True(exit == 0, $"syncthing generate failed ({exit}): {stderr}");
        var printed = ParsePrintedDeviceId(stdout + stderr);

        using var loaded = DeviceIdentity.Load(temp.Home);
        Assert.Equal(printed, loaded.Id);
        Assert.Equal(await SyncthingDeviceIdAsync(temp.Home), loaded.Id);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", File.ReadAllText(Path.Combine(temp.Home, "key.pem")), StringComparison.Ordinal);
    }

    [SyncthingFact]
    public async Task IdentityCreatedByUsIsAcceptedBySyncthingWithTheSameDeviceId()
    {
        using var temp = new TempHome();
        using var created = DeviceIdentity.Create(temp.Home, TimeProvider.System);
        var certBefore = File.ReadAllBytes(Path.Combine(temp.Home, "cert.pem"));
        var keyBefore = File.ReadAllBytes(Path.Combine(temp.Home, "key.pem"));

        // --device-id loads cert.pem and key.pem as a TLS key pair, so a bad key or a mismatch fails here.
        Assert.Equal(created.Id, await SyncthingDeviceIdAsync(temp.Home));

        // generate keeps a usable existing identity (it would make a new one if it could not load ours).
        var (exit, stdout, stderr) = await RunSyncthingAsync("generate", "--home", temp.Home, "--no-default-folder");
        Assert.True(exit == 0, $"syncthing generate failed ({exit}): {stderr}");
        Assert.Equal(created.Id, ParsePrintedDeviceId(stdout + stderr));
        Assert.Equal(certBefore, File.ReadAllBytes(Path.Combine(temp.Home, "cert.pem")));
        Assert.Equal(keyBefore, File.ReadAllBytes(Path.Combine(temp.Home, "key.pem")));
        Assert.Contains(created.Id.ToString(), File.ReadAllText(Path.Combine(temp.Home, "config.xml")), StringComparison.Ordinal);
    }

    private static async Task<DeviceId> SyncthingDeviceIdAsync(string home)
    {
        var (exit, stdout, stderr) = await RunSyncthingAsync("--home", home, "--device-id");
        Assert.True(exit == 0, $"syncthing --device-id failed ({exit}): {stderr}");
        return DeviceId.Parse(stdout.Trim());
    }

    private static Task<(int ExitCode, string StdOut, string StdErr)> RunSyncthingAsync(params string[] args) =>
        ProcessRunner.RunAsync(SyncthingBinary.Require(), args, CommandTimeout, new Dictionary<string, string>
        {
            ["STNOUPGRADE"] = "1",
            ["STNORESTART"] = "1",
        });

    private static DeviceId ParsePrintedDeviceId(string output)
    {
        var match = DeviceIdLine().Match(output);
        Assert.True(match.Success, $"no 'Device ID:' line in syncthing output:\n{output}");
        return DeviceId.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex(@"Device ID:\s*([A-Z2-7]{7}(?:-[A-Z2-7]{7}){7})")]
    private static partial Regex DeviceIdLine();

    /// <summary>A temporary directory holding a not-yet-existing home folder; all of it is deleted on dispose.</summary>
    private sealed class TempHome : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("st-identity-interop-").FullName;

        public string Home => Path.Combine(_root, "home");

        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
