using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Syncthing.Engine.Api;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon;

/// <summary>
/// The GUI/REST listener: a minimal Kestrel server (no MVC, no routing) that turns every <c>/rest/*</c> request into
/// a <see cref="RestRequest"/> (method, path, decoded query with the last value winning, the <c>X-API-Key</c> header
/// or an <c>Authorization: Bearer</c> token, body) and writes the <see cref="RestResponse"/> back, adding
/// Syncthing's <c>X-Syncthing-Id</c> and <c>X-Syncthing-Version</c> headers. Other paths answer 404: there is no
/// web GUI.
/// </summary>
internal sealed class RestHost : IAsyncDisposable
{
    /// <summary>Request bodies larger than this are refused with 413 (a config.xml may be as large, see ConfigXml).</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;

    private RestHost(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    public Uri BaseUri => new($"http://{Endpoint}/");

    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<RestHost> StartAsync(IPEndPoint endpoint, IRestHandler handler, DeviceId myId, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(loggers);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(endpoint);
        });
        var app = builder.Build();
        var id = myId.ToString();
        app.Run(context => ServeAsync(context, handler, id));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var bound = addresses?.Select(a => new Uri(a)).FirstOrDefault() is { } uri
            ? new IPEndPoint(endpoint.Address, uri.Port)
            : endpoint;
        return new RestHost(app, bound);
    }

    /// <summary>Turns an HTTP request into a <see cref="RestRequest"/>; the body is read by the caller.</summary>
    internal static RestRequest ToRestRequest(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in request.Query)
        {
            if (values.Count > 0)
            {
                query[key] = values[values.Count - 1] ?? "";
            }
        }

        string? apiKey = request.Headers["X-API-Key"].LastOrDefault();
        if (string.IsNullOrEmpty(apiKey))
        {
            var authorization = request.Headers.Authorization.LastOrDefault();
            apiKey = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? authorization["Bearer ".Length..].Trim()
                : null;
        }

        return new RestRequest(request.Method, request.Path.Value ?? "/", query, string.IsNullOrEmpty(apiKey) ? null : apiKey, body);
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ServeAsync(HttpContext context, IRestHandler handler, string myId)
    {
        var response = context.Response;
        response.Headers["X-Syncthing-Id"] = myId;
        response.Headers["X-Syncthing-Version"] = DaemonVersion.Short;
        var path = context.Request.Path.Value ?? "/";
        if (!path.StartsWith("/rest/", StringComparison.Ordinal))
        {
            await WriteTextAsync(response, 404, "404 page not found (syncthingd has no web GUI; the REST API is under /rest/)", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            await WriteTextAsync(response, e.StatusCode, e.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        RestResponse result;
        try
        {
            result = await handler.HandleAsync(ToRestRequest(context.Request, body), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        response.StatusCode = result.Status;
        if (!string.IsNullOrEmpty(result.ContentType))
        {
            response.ContentType = result.ContentType;
        }

        response.ContentLength = result.Body.Length;
        await response.Body.WriteAsync(result.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpResponse response, int status, string text, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken).ConfigureAwait(false);
    }
}
