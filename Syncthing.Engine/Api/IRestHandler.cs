namespace Syncthing.Engine.Api;

/// <summary>
/// Syncthing's REST API without a transport: the daemon's HTTP host (and any other server) turns HTTP requests
/// into <see cref="RestRequest"/>s and writes the <see cref="RestResponse"/> back. Long polls (/rest/events) complete
/// when their timeout passes or the token is cancelled.
/// </summary>
public interface IRestHandler
{
    Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken);
}
