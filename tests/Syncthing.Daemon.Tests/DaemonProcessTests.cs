using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon.Tests;

/// <summary>
/// The daemon as an operating-system process, driven over REST only: the build output's executable, or the one named
/// by <c>SYNCTHINGD_BINARY</c> (.ci/run sets it to the packaged, ahead-of-time compiled daemon, whose JSON, TLS,
/// SQLite and protocol code paths only such a run exercises).
/// </summary>
public sealed class DaemonProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static string Binary =>
        Environment.GetEnvironmentVariable("SYNCTHINGD_BINARY") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(AppContext.BaseDirectory, "syncthingd");

    [Fact]
    public async Task Two_daemon_processes_set_up_over_rest_sync_a_folder_and_report_it()
    {
        Assert.True(File.Exists(Binary), $"no daemon executable at {Binary}");
        using var temp = new TempHome();
        using var cts = new CancellationTokenSource(Deadline);
        var ct = cts.Token;
        var a = await Node.GenerateAsync(temp.Path("a"), ct);
        var b = await Node.GenerateAsync(temp.Path("b"), ct);
        var source = Directory.CreateDirectory(temp.Path("source")).FullName;
        var target = Directory.CreateDirectory(temp.Path("target")).FullName;
        Directory.CreateDirectory(Path.Combine(source, ".stfolder"));
        Directory.CreateDirectory(Path.Combine(target, ".stfolder"));
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            var name = $"dir{i % 3}/file{i}.bin";
            files[name] = Content(i, 1000 + (i * 40_000));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, name))!);
            await File.WriteAllBytesAsync(Path.Combine(source, name), files[name], ct);
        }

        // B gets its folder in config.xml (paused); A gets none: it is added over REST.
        await a.WriteConfigAsync(b, folder: null, ct);
        await b.WriteConfigAsync(a, Folder(target, a, b) with { Paused = true }, ct);
        await using var runA = await a.ServeAsync(ct);
        await using var runB = await b.ServeAsync(ct);

        // Only some fields: the daemon fills in 1.19's defaults for the rest.
        var json = $$"""{"id":"f","path":{{System.Text.Json.JsonSerializer.Serialize(source)}},"fsWatcherEnabled":false,"devices":[{"deviceID":"{{a.Id}}"},{"deviceID":"{{b.Id}}"}]}""";
        await runA.Client.SendAsync("POST", "/rest/config/folders", null, Encoding.UTF8.GetBytes(json), ct);
        var added = Assert.Single(await runA.Client.GetFoldersAsync(ct));
        Assert.Equal(Folder(source, a, b), added);
        await runB.Client.SendAsync("PATCH", "/rest/config/folders/f", null, Encoding.UTF8.GetBytes("""{"paused":false}"""), ct);

        var status = await WaitAsync(
            () => runB.Client.GetFolderStatusAsync("f", ct),
            s => s.LocalFiles == files.Count && s.NeedTotalItems == 0 && s.State == "idle",
            ct);
        Assert.Equal(status.GlobalBytes, status.LocalBytes);
        Assert.Equal(3, status.LocalDirectories);
        foreach (var (name, content) in files)
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(target, name), ct));
        }

        var events = await runB.Client.GetEventsAsync(0, null, TimeSpan.Zero, cancellationToken: ct);
        Assert.Contains(events, e => e.Type == "StateChanged" && e.Data.GetProperty("folder").GetString() == "f");
        Assert.Contains(events, e => e.Type == "DeviceConnected" && e.Data.GetProperty("id").GetString() == a.Id.ToString());
        var connections = await runA.Client.GetConnectionsAsync(ct);
        Assert.True(connections.Connections[b.Id.ToString()].Connected);

        // B being in sync is not yet A knowing it: wait for B's index updates to reach A.
        await WaitAsync(() => runA.Client.GetCompletionAsync("f", b.Id, ct), c => c.Completion >= 100 && c.NeedItems == 0, ct);
        var bundle = temp.Path("for-b.stbundle");
        var export = await runA.Client.ExportBundleAsync(new BundleExportRequest("f", b.Id.ToString(), bundle) { Full = true }, ct);
        Assert.Equal(files.Count + 3, export.Records); // the files and their three directories
        Assert.Equal(new FileInfo(bundle).Length, export.Bytes);
        Assert.Equal(0, export.Blocks); // B announced every block over BEP, so the bundle carries none
    }

    /// <summary>
    /// The home lock holds in the daemon as shipped, which turns off .NET's implicit flock on opened files
    /// (System.IO.DisableFileLocking) and takes the home's lock explicitly.
    /// </summary>
    [Fact]
    public async Task A_second_daemon_on_a_home_in_use_exits_with_an_error_and_the_first_keeps_serving()
    {
        Assert.True(File.Exists(Binary), $"no daemon executable at {Binary}");
        using var temp = new TempHome();
        using var cts = new CancellationTokenSource(Deadline);
        var ct = cts.Token;
        var a = await Node.GenerateAsync(temp.Path("a"), ct);
        var b = await Node.GenerateAsync(temp.Path("b"), ct);
        await a.WriteConfigAsync(b, folder: null, ct);
        await using var runA = await a.ServeAsync(ct);

        var (exitCode, output) = await RunToExitAsync(
            ["serve", "--home", a.Home, "--gui-address", $"http://127.0.0.1:{FreePort()}", "--no-browser"], TimeSpan.FromSeconds(60), ct);

        Assert.Equal(1, exitCode);
        Assert.Contains("is in use by another syncthingd", output, StringComparison.Ordinal);
        Assert.Equal(a.Id.ToString(), (await runA.Client.GetSystemStatusAsync(ct)).MyId);
    }

    /// <summary>The daemon with <paramref name="arguments"/>, both output streams redirected.</summary>
    private static ProcessStartInfo DaemonStartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Runs the daemon to its exit (killed after <paramref name="limit"/>); its exit code and everything it printed.</summary>
    private static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var process = Process.Start(DaemonStartInfo(arguments))!;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var stderr = process.StandardError.ReadToEndAsync(bounded.Token);
            await process.WaitForExitAsync(bounded.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static FolderConfiguration Folder(string path, Node a, Node b) => new()
    {
        Id = "f",
        Path = path,
        FsWatcherEnabled = false,
        Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = a.Id }, new FolderDeviceConfiguration { DeviceId = b.Id }),
    };

    private static byte[] Content(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Node(string Home, DeviceId Id, int BepPort, int GuiPort, string ApiKey)
    {
        public static async Task<Node> GenerateAsync(string home, CancellationToken cancellationToken)
        {
            using var generate = Start(["generate", "--home", home, "--no-default-folder"]);
            await generate.WaitForExitAsync(cancellationToken);
            Assert.Equal(0, generate.ExitCode);
            using var cert = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(home, "cert.pem"), cancellationToken));
            return new Node(home, DeviceId.FromCertificate(cert.RawData), FreePort(), FreePort(), ConfigDefaults.NewApiKey());
        }

        public async Task WriteConfigAsync(Node peer, FolderConfiguration? folder, CancellationToken cancellationToken)
        {
            var path = Path.Combine(Home, "config.xml");
            var config = ConfigDefaults.WithTestRigSettings(
                await ConfigXml.LoadAsync(path, cancellationToken), $"tcp://127.0.0.1:{BepPort}", $"127.0.0.1:{GuiPort}", ApiKey);
            config = config with
            {
                Devices = ValueList.Of(
                    new DeviceConfiguration { DeviceId = Id, Name = "self" },
                    new DeviceConfiguration { DeviceId = peer.Id, Name = "peer", Addresses = ValueList.Of($"tcp://127.0.0.1:{peer.BepPort}") }),
                Folders = folder is null ? ValueList.Empty<FolderConfiguration>() : ValueList.Of(folder),
                Options = config.Options with { ReconnectionIntervalS = 1 },
            };
            await ConfigXml.SaveAsync(config, path, cancellationToken);
        }

        public async Task<Running> ServeAsync(CancellationToken cancellationToken)
        {
            var process = Start(["serve", "--home", Home, "--gui-address", $"http://127.0.0.1:{GuiPort}", "--gui-apikey", ApiKey, "--no-browser"]);
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var running = new Running(process, http, SyncClient.Http(http, new Uri($"http://127.0.0.1:{GuiPort}/"), ApiKey));
            try
            {
                await WaitAsync(
                    async () =>
                    {
                        Assert.False(process.HasExited, $"syncthingd exited with {(process.HasExited ? process.ExitCode : 0)}");
                        try
                        {
                            return (await running.Client.GetSystemStatusAsync(cancellationToken)).MyId == Id.ToString();
                        }
                        catch (HttpRequestException)
                        {
                            return false;
                        }
                    },
                    up => up,
                    cancellationToken);
                return running;
            }
            catch
            {
                await running.DisposeAsync();
                throw;
            }
        }

        private static Process Start(IEnumerable<string> arguments)
        {
            var process = Process.Start(DaemonStartInfo(arguments))!;
            // Drain both streams so a chatty daemon never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
    }

    private sealed class Running(Process process, HttpClient http, SyncClient client) : IAsyncDisposable
    {
        public SyncClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!process.HasExited)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    try
                    {
                        await Client.ShutdownAsync(timeout.Token);
                        await process.WaitForExitAsync(timeout.Token);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or SyncApiException)
                    {
                        // Falls through to the kill below.
                    }
                }
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
                http.Dispose();
            }
        }
    }
}
