using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Syncthing.Engine.Benchmarks.Shared;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>
/// Real Syncthing's side: a fresh home (<c>syncthing generate</c>) whose config has the dataset as a paused folder
/// (watcher off, rescan interval one day, discovery, relays, NAT, usage reporting off, <c>setLowPriority</c> false),
/// <c>syncthing serve</c>, then the folder is unpaused through <c>PATCH /rest/config/folders/ID</c>. The measured
/// time runs from its StateChanged event entering <c>scanning</c> to the first one entering <c>idle</c>, by the
/// events' timestamps: Syncthing's own clock for the scan, which includes its database writes. Afterwards <c>/rest/db/status</c> must count every file.
/// </summary>
internal sealed partial class RealSyncthingScan
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private static readonly FrozenDictionary<string, string> NoUpgradeNoRestart =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["STNORESTART"] = "1", ["STNOUPGRADE"] = "1" }.ToFrozenDictionary(StringComparer.Ordinal);
    private readonly string _binary;

    public RealSyncthingScan(string binary) => _binary = binary;

    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        (await RunAsync(["--version"], cancellationToken).ConfigureAwait(false)).Trim();

    public async Task<(double ScanSeconds, double WallSeconds)> RunAsync(ScanDataset dataset, string workDirectory, CancellationToken cancellationToken)
    {
        var home = Path.Combine(workDirectory, $"real-{Guid.NewGuid():N}");
        await RunAsync(["generate", "--home", home, "--no-default-folder"], cancellationToken).ConfigureAwait(false);
        using var cert = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(home, "cert.pem"), cancellationToken).ConfigureAwait(false));
        var id = DeviceId.FromCertificate(cert.RawData);
        var apiKey = ConfigDefaults.NewApiKey();
        var gui = $"127.0.0.1:{ChildProcess.FreePort()}";
        var config = ConfigDefaults.WithTestRigSettings(
            ConfigDefaults.Create(id, "bench", withDefaultFolder: false, "/unused", apiKey), $"tcp://127.0.0.1:{ChildProcess.FreePort()}", gui, apiKey);
        config = config with
        {
            Options = config.Options with { SetLowPriority = false },
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = dataset.Id,
                Label = dataset.Id,
                Path = dataset.Path,
                Paused = true,
                FsWatcherEnabled = false,
                RescanIntervalS = 86_400,
                Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = id }),
            }),
        };
        await ConfigXml.SaveAsync(config, Path.Combine(home, "config.xml"), cancellationToken).ConfigureAwait(false);

        using var child = StartServe(home);
        var process = child.Process;
        using var http = new HttpClient { BaseAddress = new Uri($"http://{gui}/"), Timeout = StepTimeout };
        http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        try
        {
            await WaitReadyAsync(http, process, cancellationToken).ConfigureAwait(false);
            var since = LastId(await GetAsync(http, "rest/events?events=StateChanged&since=0&timeout=0", cancellationToken).ConfigureAwait(false));
            var wall = Stopwatch.StartNew();
            using (var body = new StringContent("""{"paused":false}""", Encoding.UTF8, "application/json"))
            using (var response = await http.PatchAsync(new Uri($"rest/config/folders/{dataset.Id}", UriKind.Relative), body, cancellationToken).ConfigureAwait(false))
            {
                response.EnsureSuccessStatusCode();
            }

            var scanSeconds = await WaitScannedAsync(http, dataset.Id, since, cancellationToken).ConfigureAwait(false);
            var wallSeconds = wall.Elapsed.TotalSeconds;
            var status = JsonNode.Parse(await GetAsync(http, $"rest/db/status?folder={dataset.Id}", cancellationToken).ConfigureAwait(false))!;
            if ((long?)status["localFiles"] != dataset.Files || (long?)status["localDirectories"] != dataset.Directories)
            {
                throw new InvalidOperationException($"real Syncthing's scan of {dataset.Name} is incomplete: {status.ToJsonString()}");
            }

            await StopAsync(http, process, cancellationToken).ConfigureAwait(false);
            return (scanSeconds, wallSeconds);
        }
        finally
        {
            await child.KillAsync().ConfigureAwait(false);

            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Follows StateChanged events of the folder until it first becomes idle after scanning; returns the seconds
    /// between the event entering <c>scanning</c> and the one leaving it for <c>idle</c>, by the events' own
    /// timestamps (nanoseconds). The events' <c>duration</c> field is not used: 1.19 measures it from a state-change
    /// time truncated to whole seconds, which inflates it by up to a second.
    /// </summary>
    private static async Task<double> WaitScannedAsync(HttpClient http, string folder, long since, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(15));
        DateTimeOffset? scanStart = null;
        while (true)
        {
            var events = JsonNode.Parse(await GetAsync(http, $"rest/events?events=StateChanged&since={since}&timeout=10", limit.Token).ConfigureAwait(false))!.AsArray();
            foreach (var e in events)
            {
                since = Math.Max(since, (long)e!["id"]!);
                var data = e["data"]!;
                if ((string?)data["folder"] != folder)
                {
                    continue;
                }

                var to = (string?)data["to"];
                if (to == "error")
                {
                    throw new InvalidOperationException($"the folder failed: {e.ToJsonString()}");
                }

                if (to == "scanning")
                {
                    scanStart ??= EventTime(e);
                }
                else if (scanStart is { } start && to == "idle")
                {
                    return (EventTime(e) - start).TotalSeconds;
                }
            }
        }
    }

    /// <summary>An event's RFC 3339 <c>time</c>; Go writes up to 9 fractional digits, .NET parses at most 7.</summary>
    private static DateTimeOffset EventTime(JsonNode e)
    {
        var text = (string?)e["time"] ?? throw new InvalidOperationException($"no time in {e.ToJsonString()}");
        text = FractionBeyondTicks().Replace(text, "$1");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex FractionBeyondTicks();

    private static long LastId(string json)
    {
        var events = JsonNode.Parse(json)!.AsArray();
        return events.Count == 0 ? 0 : (long)events[^1]!["id"]!;
    }

    private static async Task<string> GetAsync(HttpClient http, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new HttpRequestException($"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"syncthing exited with {process.ExitCode} before its REST API came up.");
            }

            try
            {
                await GetAsync(http, "rest/system/ping", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < StepTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task StopAsync(HttpClient http, Process process, CancellationToken cancellationToken)
    {
        using (var response = await http.PostAsync(new Uri("rest/system/shutdown", UriKind.Relative), null, cancellationToken).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StepTimeout);
        await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
    }

    private ChildProcess StartServe(string home) =>
        ChildProcess.Start(_binary, ["serve", "--home", home, "--no-browser", "--no-restart", "--no-upgrade"], NoUpgradeNoRestart);

    private Task<string> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync(_binary, args, StepTimeout, cancellationToken, NoUpgradeNoRestart);
}
