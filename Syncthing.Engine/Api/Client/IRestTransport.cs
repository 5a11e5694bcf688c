namespace Syncthing.Engine.Api.Client;

/// <summary>Carries one REST call to a node: in process (<see cref="InProcessRestTransport"/>) or over HTTP (<see cref="HttpRestTransport"/>).</summary>
public interface IRestTransport
{
    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="path"/> (starting with <c>/rest/</c>) with the query and body;
    /// returns the response whatever its status.
    /// </summary>
    Task<RestResponse> SendAsync(string method, string path, IReadOnlyDictionary<string, string>? query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}

/// <summary>A REST call answered with a non-success status; carries the status and the body text.</summary>
public sealed class SyncApiException(int status, string body, string method, string path)
    : Exception($"{method} {path} answered {status}: {body.TrimEnd()}")
{
    public int Status { get; } = status;

    public string Body { get; } = body;
}
