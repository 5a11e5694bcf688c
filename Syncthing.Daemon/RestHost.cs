using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Syncthing.Daemon.Http;
using Syncthing.Engine.Api;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon;

/// <summary>
/// The GUI/REST listener: a small HTTP/1.1 server (Http/) that turns every <c>/rest/*</c> request into a
/// <see cref="RestRequest"/> (method, path, decoded query with the last value winning, the <c>X-API-Key</c> header
/// or an <c>Authorization: Bearer</c> token, body) and writes the <see cref="RestResponse"/> back, adding
/// Syncthing's <c>X-Syncthing-Id</c> and <c>X-Syncthing-Version</c> headers. Other paths answer 404: there is no
/// web GUI. It replaced Kestrel, whose hosting stack was a tenth of the daemon's idle memory for a listener that
/// serves a handful of local scripts (docs/ARCHITECTURE.md).
/// </summary>
internal sealed class RestHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly IRestHandler _handler;
    private readonly HttpLimits _limits;
    private readonly byte[] _extraHeaders;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly HashSet<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;

    private RestHost(Socket listener, IRestHandler handler, DeviceId myId, HttpLimits limits, ILogger logger)
    {
        _listener = listener;
        _handler = handler;
        _limits = limits;
        _logger = logger;
        _slots = new SemaphoreSlim(limits.MaxConnections);
        _extraHeaders = Encoding.ASCII.GetBytes($"X-Syncthing-Id: {myId}\r\nX-Syncthing-Version: {DaemonVersion.Short}\r\n");
        Endpoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    public Uri BaseUri => new($"http://{Endpoint}/");

    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static Task<RestHost> StartAsync(IPEndPoint endpoint, IRestHandler handler, DeviceId myId, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        StartAsync(endpoint, handler, myId, new HttpLimits(), loggers, cancellationToken);

    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static Task<RestHost> StartAsync(IPEndPoint endpoint, IRestHandler handler, DeviceId myId, HttpLimits limits, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(loggers);
        cancellationToken.ThrowIfCancellationRequested();
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new IOException($"cannot listen on {endpoint}: {e.Message}", e);
        }

        var host = new RestHost(listener, handler, myId, limits, loggers.CreateLogger("Syncthing.Daemon.RestHost"));
        host._accepting = host.AcceptAsync();
        return Task.FromResult(host);
    }

    /// <summary>Turns an HTTP request into a <see cref="RestRequest"/>.</summary>
    internal static RestRequest ToRestRequest(HttpRequestHead head, byte[] body)
    {
        var (path, query) = HttpTarget.Decode(head.Target);
        var apiKey = head.Last("X-API-Key");
        if (string.IsNullOrEmpty(apiKey))
        {
            var authorization = head.Last("Authorization");
            apiKey = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? authorization["Bearer ".Length..].Trim()
                : null;
        }

        return new RestRequest(head.Method, path, query, string.IsNullOrEmpty(apiKey) ? null : apiKey, body);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        try
        {
            await Task.WhenAll(open).WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("REST: {Count} connections were still open {Timeout} after stopping", open.Count(t => !t.IsCompleted), StopTimeout);
        }

        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task AcceptAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                await _slots.WaitAsync(stopping).ConfigureAwait(false);
                try
                {
                    client = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && stopping.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection reset before it was accepted, or out of descriptors: keep listening, but not in a hot loop.
                _logger.LogDebug("REST: accept failed: {Message}", e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            client.NoDelay = true;
            var connection = new HttpConnection(client, DispatchAsync, _limits, _extraHeaders, _logger);
            var task = Task.Run(() => connection.RunAsync(stopping), CancellationToken.None);
            lock (_connections)
            {
                _connections.Add(task);
            }

            _ = task.ContinueWith(
                finished =>
                {
                    lock (_connections)
                    {
                        _connections.Remove(finished);
                    }

                    ReleaseSlot();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void ReleaseSlot()
    {
        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // Stopped: nobody waits for slots any more.
        }
    }

    private async Task<HttpAnswer> DispatchAsync(HttpRequestHead head, byte[] body, CancellationToken cancellationToken)
    {
        var request = ToRestRequest(head, body);
        if (!request.Path.StartsWith("/rest/", StringComparison.Ordinal))
        {
            return Text(404, "404 page not found (syncthingd has no web GUI; the REST API is under /rest/)");
        }

        try
        {
            var result = await _handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            return new HttpAnswer(result.Status, result.ContentType, result.Body);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "REST: {Method} {Target} failed", head.Method, head.Target);
            return Text(500, "Internal Server Error");
        }
    }

    private static HttpAnswer Text(int status, string text) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text + "\n"));
}
