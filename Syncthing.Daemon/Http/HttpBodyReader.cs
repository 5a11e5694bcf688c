using System.Buffers;
using System.Globalization;
using System.Text;

namespace Syncthing.Daemon.Http;

/// <summary>
/// Reads a request body as its head frames it (RFC 9112 §6): by Content-Length, by the chunked transfer coding, or
/// none at all. A body is refused before it is read when it would exceed the limit; a request carrying both
/// framings, several different lengths or a transfer coding other than <c>chunked</c> is refused outright, since
/// a server and a proxy disagreeing on where a request ends is how requests are smuggled.
/// </summary>
internal static class HttpBodyReader
{
    private const int MaxLine = 1024;
    private const int MaxTrailerLines = 64;

    /// <summary>
    /// Checks the framing before anything is read (and before a 100-continue invites the body): chunked alone,
    /// or one Content-Length within <paramref name="maxBytes"/>. Returns the length, or -1 for chunked.
    /// </summary>
    /// <exception cref="BadHttpRequestException">400, 413 or 501 as above.</exception>
    public static long CheckFraming(HttpRequestHead head, long maxBytes)
    {
        if (head.Last("Transfer-Encoding") is not null)
        {
            if (head.Last("Content-Length") is not null)
            {
                throw new BadHttpRequestException(400, "both Content-Length and Transfer-Encoding");
            }

            var codings = head.Tokens("Transfer-Encoding").ToList();
            if (codings.Count != 1 || !string.Equals(codings[0], "chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new BadHttpRequestException(501, "only the chunked transfer coding is supported");
            }

            return -1;
        }

        var length = ContentLength(head) ?? 0;
        if (length > maxBytes)
        {
            throw new BadHttpRequestException(413, $"request body of {length} bytes exceeds the limit of {maxBytes}");
        }

        return length;
    }

    /// <summary>Reads the body framed as <see cref="CheckFraming"/> found: <paramref name="length"/> bytes, or chunked when -1.</summary>
    public static async Task<byte[]> ReadAsync(long length, HttpInput input, long maxBytes, CancellationToken cancellationToken)
    {
        if (length < 0)
        {
            return await ReadChunkedAsync(input, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        var body = new byte[length];
        await input.ReadExactAsync(body, cancellationToken).ConfigureAwait(false);
        return body;
    }

    /// <summary>The declared length; null without the field.</summary>
    /// <exception cref="BadHttpRequestException">Not a number, or several different numbers.</exception>
    private static long? ContentLength(HttpRequestHead head)
    {
        long? length = null;
        foreach (var token in head.Tokens("Content-Length"))
        {
            if (token.Length > 18 || !token.All(char.IsAsciiDigit))
            {
                throw new BadHttpRequestException(400, "malformed Content-Length");
            }

            var value = long.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture);
            if (length is { } seen && seen != value)
            {
                throw new BadHttpRequestException(400, "conflicting Content-Length values");
            }

            length = value;
        }

        if (length is null && head.Last("Content-Length") is not null)
        {
            throw new BadHttpRequestException(400, "empty Content-Length");
        }

        return length;
    }

    private static async Task<byte[]> ReadChunkedAsync(HttpInput input, long maxBytes, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        while (true)
        {
            var line = await ReadLineAsync(input, cancellationToken).ConfigureAwait(false);
            var semicolon = line.IndexOf(';', StringComparison.Ordinal);
            var sizeText = (semicolon < 0 ? line : line[..semicolon]).Trim();
            if (sizeText.Length is 0 or > 15 || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            {
                throw new BadHttpRequestException(400, "malformed chunk size");
            }

            if (size == 0)
            {
                break;
            }

            if (body.WrittenCount + size > maxBytes)
            {
                throw new BadHttpRequestException(413, $"chunked request body exceeds the limit of {maxBytes} bytes");
            }

            var chunk = body.GetMemory((int)size)[..(int)size];
            await input.ReadExactAsync(chunk, cancellationToken).ConfigureAwait(false);
            body.Advance((int)size);
            if ((await ReadLineAsync(input, cancellationToken).ConfigureAwait(false)).Length != 0)
            {
                throw new BadHttpRequestException(400, "chunk data longer than its size");
            }
        }

        for (var trailers = 0; ; trailers++)
        {
            if (trailers > MaxTrailerLines)
            {
                throw new BadHttpRequestException(431, "too many trailer fields");
            }

            if ((await ReadLineAsync(input, cancellationToken).ConfigureAwait(false)).Length == 0)
            {
                return body.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>One CRLF-terminated line, without the CRLF.</summary>
    private static async Task<string> ReadLineAsync(HttpInput input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = input.Buffered.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.Latin1.GetString(input.Buffered[..end]);
                input.Consume(end + 2);
                return line;
            }

            if (input.Buffered.Length > MaxLine)
            {
                throw new BadHttpRequestException(400, "chunk line too long");
            }

            if (!await input.ReadMoreAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException("the client closed the connection in the middle of a chunked body");
            }
        }
    }
}
