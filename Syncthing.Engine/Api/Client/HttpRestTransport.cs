using System.Net.Http.Headers;
using System.Text;

namespace Syncthing.Engine.Api.Client;

/// <summary>
/// Calls a node's REST API over HTTP (our daemon or real Syncthing) with <c>X-API-Key</c>. The caller owns the
/// <see cref="HttpClient"/>; its timeout must exceed the longest event poll.
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

    public async Task<RestResponse> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
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
