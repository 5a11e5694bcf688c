namespace Syncthing.Engine.Api.Client;

/// <summary>Calls an <see cref="IRestHandler"/> directly, with the API key, without HTTP.</summary>
public sealed class InProcessRestTransport(IRestHandler handler, string apiKey) : IRestTransport
{
    public Task<RestResponse> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        handler.HandleAsync(new RestRequest(method, path, query ?? new Dictionary<string, string>(), apiKey, body), cancellationToken);
}
