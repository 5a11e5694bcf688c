using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// The answer to a peer's block Request: the <see cref="Wire.Response"/> to send, and optionally what its data lives
/// in (a buffer rented from a pool). The connection disposes the reply once the frame has been written, which
/// returns that buffer; until then the data must stay untouched. This is what lets a served block go from the file
/// into the outgoing frame without a copy into a fresh array per request.
/// </summary>
public sealed class RequestReply : IDisposable
{
    private IDisposable? _lease;

    /// <param name="response">The Response (its ID is filled in by the connection).</param>
    /// <param name="lease">Released by <see cref="Dispose"/>: the owner of the memory behind the response's data.</param>
    public RequestReply(Response response, IDisposable? lease = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response;
        _lease = lease;
    }

    public Response Response { get; }

    /// <summary>A reply that owns nothing: an error code, or data in an ordinary array.</summary>
    public static implicit operator RequestReply(Response response) => new(response);

    /// <summary>Releases the data's memory; the Response's data must not be read afterwards. Idempotent.</summary>
    public void Dispose() => Interlocked.Exchange(ref _lease, null)?.Dispose();
}
