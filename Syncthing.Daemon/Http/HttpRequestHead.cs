using System.Text;

namespace Syncthing.Daemon.Http;

/// <summary>
/// The request line and header fields of one HTTP/1.x request (RFC 9112), parsed from the bytes before the empty
/// line. Only origin-form targets (<c>/path?query</c>) are accepted: the REST API has no use for proxies' absolute
/// form or <c>OPTIONS *</c>. Header values are read as Latin-1, as HTTP defines them.
/// </summary>
internal sealed class HttpRequestHead
{
    private HttpRequestHead(string method, string target, bool http11, List<KeyValuePair<string, string>> headers)
    {
        Method = method;
        Target = target;
        IsHttp11 = http11;
        Headers = headers;
    }

    public string Method { get; }

    /// <summary>The request target as sent, still percent-encoded: <c>/rest/db/file?folder=a&amp;file=b%20c</c>.</summary>
    public string Target { get; }

    /// <summary>HTTP/1.1 (persistent connections by default) rather than HTTP/1.0.</summary>
    public bool IsHttp11 { get; }

    /// <summary>Header fields in the order sent; names keep their spelling, compare them ignoring case.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The last value of <paramref name="name"/>, or null when the request does not carry it.</summary>
    public string? Last(string name)
    {
        for (var i = Headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return Headers[i].Value;
            }
        }

        return null;
    }

    /// <summary>Every value of <paramref name="name"/>, each split at commas and trimmed (list-valued fields).</summary>
    public IEnumerable<string> Tokens(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var token in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return token;
                }
            }
        }
    }

    /// <summary>Whether a list-valued field such as Connection carries <paramref name="token"/> (ignoring case).</summary>
    public bool HasToken(string name, string token) =>
        Tokens(name).Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Parses <paramref name="head"/>: the bytes of the request line and header lines, each ended by CRLF, without
    /// the final empty line.
    /// </summary>
    /// <exception cref="BadHttpRequestException">The head is malformed (answered with 400, or 505 for other versions).</exception>
    public static HttpRequestHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? head : head[..lineEnd];
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];

        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace)
        {
            throw new BadHttpRequestException(400, "malformed request line");
        }

        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var version = requestLine[(lastSpace + 1)..];
        if (!IsToken(method))
        {
            throw new BadHttpRequestException(400, "malformed method");
        }

        if (target.Length == 0 || target[0] != (byte)'/' || !IsTargetText(target))
        {
            throw new BadHttpRequestException(400, "the request target must be a path starting with /");
        }

        bool http11;
        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            http11 = true;
        }
        else if (version.SequenceEqual("HTTP/1.0"u8))
        {
            http11 = false;
        }
        else if (version.StartsWith("HTTP/"u8))
        {
            throw new BadHttpRequestException(505, "only HTTP/1.0 and HTTP/1.1 are served");
        }
        else
        {
            throw new BadHttpRequestException(400, "malformed HTTP version");
        }

        var headers = new List<KeyValuePair<string, string>>();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            headers.Add(ParseField(line));
        }

        return new HttpRequestHead(Encoding.ASCII.GetString(method), Encoding.ASCII.GetString(target), http11, headers);
    }

    private static KeyValuePair<string, string> ParseField(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[0] is (byte)' ' or (byte)'\t')
        {
            throw new BadHttpRequestException(400, "folded or empty header line");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsToken(line[..colon]))
        {
            throw new BadHttpRequestException(400, "malformed header field name");
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var b in value)
        {
            if (b is < 0x20 and not (byte)'\t' or 0x7F)
            {
                throw new BadHttpRequestException(400, "control character in a header value");
            }
        }

        return new(Encoding.ASCII.GetString(line[..colon]), Encoding.Latin1.GetString(value));
    }

    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            var ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTargetText(ReadOnlySpan<byte> target)
    {
        foreach (var b in target)
        {
            if (b is <= 0x20 or >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
