namespace Syncthing.Daemon.Http;

/// <summary>
/// A request the server refuses before it reaches the REST handler: <see cref="Status"/> is the answer (400
/// malformed, 408 too slow, 413 body too large, 431 head too large, 501 unknown transfer coding, 505 version);
/// the connection is closed after it.
/// </summary>
internal sealed class BadHttpRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
