using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Syncthing.Daemon.Http;

/// <summary>What the server answers to one request: status, content type (may be empty) and the whole body.</summary>
internal sealed record HttpAnswer(int Status, string ContentType, ReadOnlyMemory<byte> Body);

/// <summary>Answers one request; the token is cancelled when the client hangs up or the server stops.</summary>
internal delegate Task<HttpAnswer> HttpDispatch(HttpRequestHead head, byte[] body, CancellationToken cancellationToken);

/// <summary>
/// Serves the requests of one HTTP/1.1 connection, one after another (persistent connections and pipelining,
/// 100-continue, Content-Length and chunked request bodies), each answer with a Content-Length. Every wait is
/// bounded: the first request head must arrive within <see cref="HttpLimits.HeadTimeout"/>, later ones within
/// <see cref="HttpLimits.KeepAliveTimeout"/>, a body within <see cref="HttpLimits.BodyTimeout"/>, an answer must
/// be taken within <see cref="HttpLimits.WriteTimeout"/>. A malformed request is answered with its error status and
/// the connection closed.
/// </summary>
internal sealed class HttpConnection(Socket socket, HttpDispatch dispatch, HttpLimits limits, byte[] extraHeaders, ILogger logger)
{
    private static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    public async Task RunAsync(CancellationToken stopping)
    {
        var remote = socket.RemoteEndPoint;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var input = new HttpInput(stream);
        try
        {
            for (var served = 0; ; served++)
            {
                var head = await ReadHeadAsync(input, served == 0 ? limits.HeadTimeout : limits.KeepAliveTimeout, stopping).ConfigureAwait(false);
                if (head is null)
                {
                    return;
                }

                // Framing and size are refused (400/413/501) before a 100-continue invites the body.
                var framing = HttpBodyReader.CheckFraming(head, limits.MaxBodyBytes);
                if (framing != 0 && head.IsHttp11
                    && string.Equals(head.Last("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase)
                    && input.Buffered.IsEmpty)
                {
                    await WriteAsync(stream, Continue, ReadOnlyMemory<byte>.Empty, stopping).ConfigureAwait(false);
                }

                byte[] body;
                using (var bodyTime = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    bodyTime.CancelAfter(limits.BodyTimeout);
                    body = await HttpBodyReader.ReadAsync(framing, input, limits.MaxBodyBytes, bodyTime.Token).ConfigureAwait(false);
                }

                var keepAlive = head.IsHttp11 ? !head.HasToken("Connection", "close") : head.HasToken("Connection", "keep-alive");
                var answer = await AnswerAsync(head, body, input, stopping).ConfigureAwait(false);
                if (answer is null)
                {
                    return;
                }

                await WriteAnswerAsync(stream, answer, head, keepAlive, stopping).ConfigureAwait(false);
                if (!keepAlive)
                {
                    return;
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            logger.LogDebug("REST: refused a request from {Remote}: {Status} {Message}", remote, e.Status, e.Message);
            var text = Encoding.UTF8.GetBytes(e.Message + "\n");
            var answer = new HttpAnswer(e.Status, "text/plain; charset=utf-8", text);
            try
            {
                await WriteAnswerAsync(stream, answer, null, keepAlive: false, stopping).ConfigureAwait(false);
            }
            catch (Exception write) when (write is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client is gone as well; nothing more to tell it.
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // A client that hangs up, stalls past a timeout, or a server that stops: the connection just closes.
            logger.LogDebug("REST: connection from {Remote} closed: {Message}", remote, e.Message);
        }
    }

    /// <summary>The request head, or null when the client closed the connection between requests.</summary>
    private static async Task<HttpRequestHead?> ReadHeadAsync(HttpInput input, TimeSpan timeout, CancellationToken stopping)
    {
        using var headTime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        headTime.CancelAfter(timeout);
        while (true)
        {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            while (input.Buffered.StartsWith("\r\n"u8))
            {
                input.Consume(2);
            }

            var end = input.Buffered.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = HttpRequestHead.Parse(input.Buffered[..(end + 2)]);
                input.Consume(end + 4);
                return head;
            }

            if (input.Buffered.Length >= HttpInput.MaxBuffered)
            {
                throw new BadHttpRequestException(431, "request head too large");
            }

            if (!await input.ReadMoreAsync(headTime.Token).ConfigureAwait(false))
            {
                return input.Buffered.IsEmpty ? null : throw new IOException("the client closed the connection in the middle of a request head");
            }
        }
    }

    /// <summary>
    /// Runs the dispatcher while watching the connection; null when the client hung up or the server stopped
    /// before the answer was ready (nothing is written then).
    /// </summary>
    private async Task<HttpAnswer?> AnswerAsync(HttpRequestHead head, byte[] body, HttpInput input, CancellationToken stopping)
    {
        using var request = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watch = input.StartWatch();
        if (watch is not null)
        {
            _ = watch.ContinueWith(
                static (read, state) =>
                {
                    if (read.IsFaulted || read.IsCanceled || read.Result == 0)
                    {
                        try
                        {
                            ((CancellationTokenSource)state!).Cancel();
                        }
                        catch (ObjectDisposedException)
                        {
                            // The request had finished already.
                        }
                    }
                },
                request,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        try
        {
            return await dispatch(head, body, request.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task WriteAnswerAsync(Stream stream, HttpAnswer answer, HttpRequestHead? head, bool keepAlive, CancellationToken stopping)
    {
        var text = new StringBuilder(256)
            .Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(HttpStatusText.Reason(answer.Status)).Append("\r\n");
        if (!string.IsNullOrEmpty(answer.ContentType))
        {
            text.Append("Content-Type: ").Append(answer.ContentType).Append("\r\n");
        }

        text.Append("Content-Length: ").Append(answer.Body.Length).Append("\r\n");
        if (!keepAlive)
        {
            text.Append("Connection: close\r\n");
        }
        else if (head is { IsHttp11: false })
        {
            text.Append("Connection: keep-alive\r\n");
        }

        var status = text.ToString();
        var headBytes = new byte[extraHeaders.Length + Encoding.ASCII.GetByteCount(status) + 2];
        var written = Encoding.ASCII.GetBytes(status, headBytes);
        extraHeaders.CopyTo(headBytes, written);
        "\r\n"u8.CopyTo(headBytes.AsSpan(written + extraHeaders.Length));
        var isHead = head is not null && string.Equals(head.Method, "HEAD", StringComparison.Ordinal);
        await WriteAsync(stream, headBytes, isHead ? ReadOnlyMemory<byte>.Empty : answer.Body, stopping).ConfigureAwait(false);
    }

    private async Task WriteAsync(Stream stream, byte[] head, ReadOnlyMemory<byte> body, CancellationToken stopping)
    {
        using var writeTime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        writeTime.CancelAfter(limits.WriteTimeout);
        if (body.Length <= 16 * 1024)
        {
            // One segment for small answers: no partial packet waiting for the client's delayed ACK.
            var whole = new byte[head.Length + body.Length];
            head.CopyTo(whole, 0);
            body.CopyTo(whole.AsMemory(head.Length));
            await stream.WriteAsync(whole, writeTime.Token).ConfigureAwait(false);
        }
        else
        {
            await stream.WriteAsync(head, writeTime.Token).ConfigureAwait(false);
            await stream.WriteAsync(body, writeTime.Token).ConfigureAwait(false);
        }
    }
}
