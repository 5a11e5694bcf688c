using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;

namespace Syncthing.Engine.Api;

/// <summary>
/// Syncthing 1.19's REST API over an <see cref="IApiNode"/>, without a transport. Every <c>/rest/</c> call needs the
/// GUI API key (else 403 <c>CSRF Error</c>, as 1.19 answers a request with neither key nor CSRF token); unknown
/// paths answer 404 and known paths with the wrong method 405, in Go's plain-text form. Handlers refuse bad input
/// with 400 and a plain-text reason.
/// </summary>
internal sealed partial class RestApi : IRestHandler
{
    private delegate Task<RestResponse> Handler(RestRequest request, CancellationToken cancellationToken);

    private readonly IApiNode _node;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Dictionary<string, Handler>> _routes = new(StringComparer.Ordinal);

    private readonly string? _apiKeyOverride;

    /// <param name="node">The node served.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="apiKeyOverride">
    /// A key that replaces the configured GUI API key for this process only (the daemon's <c>--gui-apikey</c>);
    /// null uses the configuration's key, read on every request so a changed key takes effect at once.
    /// </param>
    public RestApi(IApiNode node, ILoggerFactory? loggers = null, string? apiKeyOverride = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
        _apiKeyOverride = apiKeyOverride;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<RestApi>();
        MapSystem();
        MapConfig();
        MapDb();
        MapCluster();
        MapBundles();
    }

    public async Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Path.StartsWith("/rest/", StringComparison.Ordinal))
        {
            return RestResults.NotFound();
        }

        if (!Authorized(request.ApiKey))
        {
            return RestResults.Forbidden();
        }

        var (handlers, item) = Route(request.Path);
        if (handlers is null)
        {
            return RestResults.NotFound();
        }

        if (!handlers.TryGetValue(request.Method.ToUpperInvariant(), out var handler))
        {
            return RestResults.MethodNotAllowed();
        }

        try
        {
            return await handler(item is null ? request : request with { Path = item }, cancellationToken).ConfigureAwait(false);
        }
        catch (RestException e)
        {
            return RestResults.Text(e.Status, e.Message);
        }
        catch (ConfigValidationException e)
        {
            return RestResults.Text(400, e.Message);
        }
        catch (NotSupportedException e)
        {
            return RestResults.Text(500, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "{Method} {Path} failed", request.Method, request.Path);
            return RestResults.Text(500, e.Message);
        }
    }

    private bool Authorized(string? apiKey)
    {
        var expected = _apiKeyOverride ?? _node.Configuration.Gui.ApiKey;
        if (string.IsNullOrEmpty(apiKey) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>The handlers of a path; for <c>/rest/config/folders/{id}</c> and devices, also the item ID (passed on as the request path).</summary>
    private (Dictionary<string, Handler>? Handlers, string? Item) Route(string path)
    {
        if (_routes.TryGetValue(path, out var exact))
        {
            return (exact, null);
        }

        foreach (var prefix in new[] { "/rest/config/folders/", "/rest/config/devices/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && _routes.TryGetValue(prefix, out var items))
            {
                return (items, path[prefix.Length..]);
            }
        }

        return (null, null);
    }

    private void Map(string path, string method, Handler handler)
    {
        if (!_routes.TryGetValue(path, out var methods))
        {
            methods = new Dictionary<string, Handler>(StringComparer.Ordinal);
            _routes[path] = methods;
        }

        methods[method] = handler;
    }

    private void Map(string path, string method, Func<RestRequest, RestResponse> handler) =>
        Map(path, method, (r, _) => Task.FromResult(handler(r)));

    private static string? Query(RestRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) ? value : null;

    private static string RequireQuery(RestRequest request, string name) =>
        Query(request, name) is { Length: > 0 } value ? value : throw RestException.BadRequest($"missing parameter: {name}");

    /// <summary>An integer query parameter; like Go's Atoi with the error ignored, anything unparsable is the default.</summary>
    private static long QueryInt(RestRequest request, string name, long defaultValue) =>
        long.TryParse(Query(request, name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : defaultValue;

    private Config.FolderConfiguration RequireFolder(string id) =>
        _node.Configuration.Folders.FirstOrDefault(f => f.Id == id) ?? throw RestException.NotFound("no such folder");
}
