using System.Net.Http.Headers;
using System.Text;

namespace Syncthing.Engine.Api.Client;

/// <summary>
/// Calls a node's REST API over HTTP (our daemon or real Syncthing) with <c>X-API-Key</c>. The caller owns the
/// <see cref="HttpClient"/>; its own timeout must exceed the longest call (give it an infinite one and set
/// <see cref="RequestTimeout"/> instead, which spares the calls that legitimately run long).
/// </summary>
public sealed class HttpRestTransport : IRestTransport
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly string _apiKey;

    public HttpRestTransport(HttpClient http, Uri baseUri, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(apiKey);
        _http = http;
        _baseUri = baseUri;
        _apiKey = apiKey;
    }

    /// <summary>
    /// How long one call may take before it fails with <see cref="TimeoutException"/>; infinite by default. Not
    /// applied to the calls that run as long as their work does: event long polls (bounded by their own timeout),
    /// <c>/rest/db/scan</c> (answers when the scan ends) and the bundle endpoints (export and import of whole
    /// bundles); those end with the caller's cancellation.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Paths exempt from <see cref="RequestTimeout"/>.</summary>
    public static bool RunsLong(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = "/" + path.TrimStart('/');
        return p.StartsWith("/rest/bundle/", StringComparison.Ordinal) || p.StartsWith("/rest/events", StringComparison.Ordinal) ||
            p == "/rest/db/scan";
    }

    public async Task<RestResponse> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (RequestTimeout == Timeout.InfiniteTimeSpan || RunsLong(path))
        {
            return await SendCoreAsync(method, path, query, body, cancellationToken).ConfigureAwait(false);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(RequestTimeout);
        try
        {
            return await SendCoreAsync(method, path, query, body, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} on {_baseUri} got no answer within {RequestTimeout.TotalSeconds:0.#} s.", e);
        }
    }

    private async Task<RestResponse> SendCoreAsync(string method, string path, IReadOnlyDictionary<string, string>? query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var uri = new StringBuilder(string.Join('/', path.TrimStart('/').Split('/').Select(Uri.EscapeDataString)));
        if (query is { Count: > 0 })
        {
            uri.Append('?').AppendJoin('&', query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_baseUri, uri.ToString()));
        request.Headers.Add("X-API-Key", _apiKey);
        if (!body.IsEmpty)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var type = response.Content.Headers.ContentType?.ToString() ?? "";
        return new RestResponse((int)response.StatusCode, type, bytes);
    }
}
