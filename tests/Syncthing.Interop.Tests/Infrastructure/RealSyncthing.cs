using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Syncthing.Engine.Identity;

namespace Syncthing.Interop.Tests.Infrastructure;

/// <summary>
/// A real syncthing 1.19 process serving a prepared home directory, with REST helpers that send the API key.
/// Every wait is bounded; <see cref="DisposeAsync"/> kills the process if it is still running.
/// </summary>
internal sealed class RealSyncthing : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RealSyncthing(Process process, string home, Uri baseUri, string apiKey)
    {
        _process = process;
        Home = home;
        BaseUri = baseUri;
        ApiKey = apiKey;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = DefaultTimeout };
        Http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
    }

    public string Home { get; }

    public Uri BaseUri { get; }

    public string ApiKey { get; }

    /// <summary>A client whose requests carry <c>X-API-Key</c>.</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs <c>syncthing generate</c> into <paramref name="home"/> (cert.pem, key.pem, config.xml) and returns the device ID.</summary>
    public static async Task<DeviceId> GenerateAsync(string home, bool noDefaultFolder)
    {
        var args = new List<string> { "generate", "--home", home };
        if (noDefaultFolder)
        {
            args.Add("--no-default-folder");
        }

        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(SyncthingBinary.Require(), args, DefaultTimeout);
        if (exit != 0)
        {
            throw new InvalidOperationException($"syncthing generate failed ({exit}): {stdout}{stderr}");
        }

        return DeviceIdOf(home);
    }

    /// <summary>The device ID of the certificate in <paramref name="home"/>/cert.pem.</summary>
    public static DeviceId DeviceIdOf(string home)
    {
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(home, "cert.pem")));
        return DeviceId.FromCertificate(cert.RawData);
    }

    /// <summary>
    /// A TCP port on 127.0.0.1 that was free a moment ago, for a process that binds it later. It is chosen below the
    /// kernel's ephemeral range (ip_local_port_range): a port from that range (what binding port 0 returns) can be
    /// taken by any outgoing connection of a parallel test between this pick and the bind, which fails the start.
    /// </summary>
    public static int FreePort()
    {
        var low = EphemeralLow();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Math.Max(1024, low - 10_000), low);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: another pick.
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return range.Length > 0 && int.TryParse(range[0], System.Globalization.CultureInfo.InvariantCulture, out var low) && low > 2048 ? low : 32768;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 32768;
        }
    }

    /// <summary>
    /// Starts <c>syncthing serve</c> on a home whose config.xml already has the GUI on <paramref name="guiAddress"/>
    /// with <paramref name="apiKey"/>, and waits until the REST API answers.
    /// </summary>
    public static async Task<RealSyncthing> StartAsync(string home, string guiAddress, string apiKey, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(SyncthingBinary.Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "serve", "--home", home, "--no-browser", "--no-restart", "--no-upgrade" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["STNORESTART"] = "1";
        psi.Environment["STNOUPGRADE"] = "1";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start syncthing");
        var st = new RealSyncthing(process, home, new Uri($"http://{guiAddress}/"), apiKey);
        process.OutputDataReceived += (_, e) => st.Append(e.Data);
        process.ErrorDataReceived += (_, e) => st.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await st.WaitReadyAsync(cancellationToken);
            return st;
        }
        catch
        {
            await st.DisposeAsync();
            throw;
        }
    }

    public async Task<string> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
        return await ReadSuccessAsync(response, "GET", pathAndQuery, cancellationToken);
    }

    public async Task<string> PostAsync(string pathAndQuery, string? jsonBody, CancellationToken cancellationToken)
    {
        using var content = jsonBody is null ? null : new StringContent(jsonBody, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(pathAndQuery, UriKind.Relative), content, cancellationToken);
        return await ReadSuccessAsync(response, "POST", pathAndQuery, cancellationToken);
    }

    public async Task<string> PutAsync(string pathAndQuery, string jsonBody, CancellationToken cancellationToken)
    {
        using var content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync(new Uri(pathAndQuery, UriKind.Relative), content, cancellationToken);
        return await ReadSuccessAsync(response, "PUT", pathAndQuery, cancellationToken);
    }

    /// <summary>Asks syncthing to shut down (POST /rest/system/shutdown) and waits, bounded, for the process to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }

        await PostAsync("rest/system/shutdown", null, cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(DefaultTimeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(DefaultTimeout);
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            Http.Dispose();
            _process.Dispose();
        }
    }

    /// <summary>
    /// Polls until REST answers. <c>/rest/noauth/health</c> only exists from 1.23 on (404 on 1.19), so a 404
    /// there falls back to the authenticated <c>/rest/system/ping</c>.
    /// </summary>
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(DefaultTimeout);
        using var probe = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        probe.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"syncthing exited with {_process.ExitCode} before its REST API came up:\n{Output}");
            }

            try
            {
                using var health = await probe.GetAsync(new Uri("rest/noauth/health", UriKind.Relative), cts.Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }

                using var ping = await probe.GetAsync(new Uri("rest/system/ping", UriKind.Relative), cts.Token);
                if (ping.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cts.IsCancellationRequested)
            {
                // One probe timed out; try again.
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"syncthing's REST API did not answer within {DefaultTimeout}:\n{Output}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"syncthing's REST API did not answer within {DefaultTimeout}:\n{Output}");
            }
        }
    }

    private async Task<string> ReadSuccessAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
