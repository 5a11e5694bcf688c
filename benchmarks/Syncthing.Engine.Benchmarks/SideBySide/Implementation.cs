using System.Security.Cryptography.X509Certificates;
using Syncthing.Engine.Benchmarks.Shared;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// One of the two implementations under test and how to drive its executable: <c>generate --home DIR
/// --no-default-folder</c>, then <c>serve</c> on the prepared home. Both get the same environment (no upgrades, no
/// restarts) and the same config.xml settings (see <see cref="NodeConfig"/>).
/// </summary>
internal sealed record Implementation(string Name, string Binary, bool IsOurs)
{
    public const string Ours = "ours";
    public const string Real = "real";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);


    /// <summary>
    /// STNOUPGRADE and STNORESTART for both. For Syncthing also STMONITORED=1: 1.19's <c>serve</c> otherwise runs a
    /// monitor process (about 17 MiB, idle) that starts the real one as a child, and /proc of the PID we started would
    /// show the monitor. The monitor is left out of Syncthing's figures.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["STNOUPGRADE"] = "1", ["STNORESTART"] = "1" };
            if (!IsOurs)
            {
                environment["STMONITORED"] = "1";
            }

            return environment;
        }
    }

    public string DisplayName => IsOurs ? "Ours" : "Syncthing";

    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        (await ChildProcess.RunAsync(Binary, ["--version"], CommandTimeout, cancellationToken, Environment).ConfigureAwait(false)).Trim();

    /// <summary>Generates a fresh home (key, certificate, config.xml) and picks free loopback ports and an API key for it.</summary>
    public async Task<NodeSetup> GenerateAsync(string home, CancellationToken cancellationToken)
    {
        await ChildProcess.RunAsync(Binary, ["generate", "--home", home, "--no-default-folder"], CommandTimeout, cancellationToken, Environment)
            .ConfigureAwait(false);
        using var cert = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(home, "cert.pem"), cancellationToken).ConfigureAwait(false));
        return new NodeSetup(this, home, DeviceId.FromCertificate(cert.RawData), ChildProcess.FreePort(), $"127.0.0.1:{ChildProcess.FreePort()}", ConfigDefaults.NewApiKey());
    }

    /// <summary>The <c>serve</c> command line. Ours also gets the GUI address and key on the command line (config.xml has them too).</summary>
    public IReadOnlyList<string> ServeArguments(NodeSetup setup) => IsOurs
        ? ["serve", "--home", setup.Home, "--gui-address", $"http://{setup.GuiAddress}", "--gui-apikey", setup.ApiKey, "--no-browser"]
        : ["serve", "--home", setup.Home, "--no-browser", "--no-restart", "--no-upgrade"];
}
