using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Syncthing.Engine.Benchmarks.Shared;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// One running node (either implementation) on a prepared home, driven only through its REST API with the API key.
/// <see cref="DisposeAsync"/> kills the process if a clean <see cref="StopAsync"/> did not happen.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
    private readonly ChildProcess _child;

    private BenchNode(NodeSetup setup, ChildProcess child)
    {
        Setup = setup;
        _child = child;
        Http = new HttpClient { BaseAddress = new Uri($"http://{setup.GuiAddress}/"), Timeout = RequestTimeout };
        Http.DefaultRequestHeaders.Add("X-API-Key", setup.ApiKey);
    }

    public NodeSetup Setup { get; }

    public Implementation Implementation => Setup.Implementation;

    public HttpClient Http { get; }

    public int Pid => _child.Pid;

    public bool HasExited => _child.Process.HasExited;

    /// <summary>The node's last output lines, for failure messages.</summary>
    public string Tail => _child.Tail;

    public static async Task<BenchNode> StartAsync(NodeSetup setup, CancellationToken cancellationToken)
    {
        var node = new BenchNode(setup, ChildProcess.Start(setup.Implementation.Binary, setup.Implementation.ServeArguments(setup), setup.Implementation.Environment));
        try
        {
            await node.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ProcessUsage Usage() => ProcessUsage.Read(Pid);

    public async Task<JsonNode> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(await ReadSuccessAsync(response, "GET", pathAndQuery, cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidOperationException($"{Describe()}: GET {pathAndQuery} answered null");
    }

    public async Task SendAsync(HttpMethod method, string pathAndQuery, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ReadSuccessAsync(response, method.Method, pathAndQuery, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unpauses a folder (<c>PATCH /rest/config/folders/ID {"paused":false}</c>): the node starts it and scans it.</summary>
    public Task UnpauseAsync(string folder, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"rest/config/folders/{folder}", """{"paused":false}""", cancellationToken);

    /// <summary><c>POST /rest/db/scan?folder=ID</c>: a scan of the whole folder.</summary>
    public Task ScanAsync(string folder, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"rest/db/scan?folder={folder}", null, cancellationToken);

    /// <summary>Asks for a shutdown over REST and waits (bounded) for the exit; kills the process if that fails.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (HasExited)
        {
            return;
        }

        try
        {
            await SendAsync(HttpMethod.Post, "rest/system/shutdown", null, cancellationToken).ConfigureAwait(false);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            await _child.Process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Console.WriteLine($"  ({Describe()} did not shut down cleanly: {e.Message}; killed)");
            await _child.KillAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _child.KillAsync().ConfigureAwait(false);
        Http.Dispose();
        _child.Dispose();
    }

    public string Describe() => $"{Implementation.Name} node {Setup.Id.Short} (pid {Pid})";

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Implementation.Binary} exited with {_child.Process.ExitCode} before its REST API came up:\n{Tail}");
            }

            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, probe.Token);
                using var response = await Http.GetAsync(new Uri("rest/system/ping", UriKind.Relative), linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One probe timed out.
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{Implementation.Binary}'s REST API did not answer within {StartTimeout}:\n{Tail}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadSuccessAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? body
            : throw new HttpRequestException($"{Describe()}: {method} {path} answered {(int)response.StatusCode}: {body}");
    }
}
