using System.Diagnostics;
using System.Net;
using System.Text;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>
/// Our daemon as a child process (<c>dotnet syncthingd.dll …</c> from the test output directory), with bounded
/// waits; <see cref="StopAsync"/> sends SIGTERM and waits for a clean exit, <see cref="DisposeAsync"/> kills what is left.
/// </summary>
internal sealed class OurDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OurDaemon(Process process) => _process = process;

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "syncthingd.dll");

    public int Pid => _process.Id;

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

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH), else "dotnet" from PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs a short command of the daemon (generate, --device-id) to completion.</summary>
    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] args) =>
        ProcessRunner.RunAsync(DotnetHost, [DllPath, .. args], RealSyncthing.DefaultTimeout);

    /// <summary>Starts <c>serve</c> with <paramref name="args"/> and waits until <c>/rest/system/ping</c> answers with <paramref name="apiKey"/>.</summary>
    public static async Task<OurDaemon> StartAsync(IEnumerable<string> args, Uri guiBase, string apiKey, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start syncthingd");
        var daemon = new OurDaemon(process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await daemon.WaitReadyAsync(guiBase, apiKey, cancellationToken);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM and waits (bounded) for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            var (exit, _, stderr) = await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], RealSyncthing.DefaultTimeout);
            Assert.True(exit == 0, stderr);
            using var cts = new CancellationTokenSource(RealSyncthing.DefaultTimeout);
            await _process.WaitForExitAsync(cts.Token);
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(RealSyncthing.DefaultTimeout);
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitReadyAsync(Uri guiBase, string apiKey, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(RealSyncthing.DefaultTimeout);
        using var probe = new HttpClient { BaseAddress = guiBase, Timeout = TimeSpan.FromSeconds(5) };
        probe.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"syncthingd exited with {_process.ExitCode} before its REST API came up:\n{Output}");
            }

            try
            {
                using var ping = await probe.GetAsync(new Uri("rest/system/ping", UriKind.Relative), cts.Token);
                if (ping.StatusCode == HttpStatusCode.OK)
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
                // One probe timed out.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"syncthingd's REST API did not answer within {RealSyncthing.DefaultTimeout}:\n{Output}");
            }
        }
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
