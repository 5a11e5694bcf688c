using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Syncthing.Daemon.Tests;

/// <summary>
/// A client that writes HTTP bytes exactly as a test spells them and reads answers one at a time, to check what
/// HttpClient would never send (pipelining, malformed heads, hang-ups). Every read is bounded by 10 seconds.
/// </summary>
internal sealed class RawHttpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffered = [];

    private RawHttpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttpClient> ConnectAsync(IPEndPoint endpoint)
    {
        var tcp = new TcpClient(endpoint.AddressFamily);
        await tcp.ConnectAsync(endpoint);
        return new RawHttpClient(tcp);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public void Abort()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Close();
    }

    /// <summary>
    /// The next answer: status line, headers (names lower-cased) and a body of Content-Length bytes, or no body
    /// when it answers a HEAD request (<paramref name="toHead"/>).
    /// </summary>
    public async Task<RawAnswer> ReadAnswerAsync(bool toHead = false)
    {
        var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray());
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var length = !toHead && headers.TryGetValue("content-length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var body = await ReadExactAsync(length);
        return new RawAnswer(lines[0], status, headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>True when the server has closed the connection (the next read returns nothing).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        if (_buffered.Count > 0)
        {
            return false;
        }

        try
        {
            var one = new byte[1];
            return await _stream.ReadAsync(one).AsTask().WaitAsync(ReadLimit) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<byte[]> ReadUntilAsync(byte[] terminator)
    {
        while (true)
        {
            var at = IndexOf(_buffered, terminator);
            if (at >= 0)
            {
                var result = _buffered.GetRange(0, at + terminator.Length).ToArray();
                _buffered.RemoveRange(0, at + terminator.Length);
                return result;
            }

            await FillAsync();
        }
    }

    private async Task<byte[]> ReadExactAsync(int count)
    {
        while (_buffered.Count < count)
        {
            await FillAsync();
        }

        var result = _buffered.GetRange(0, count).ToArray();
        _buffered.RemoveRange(0, count);
        return result;
    }

    private async Task FillAsync()
    {
        var chunk = new byte[8192];
        var read = await _stream.ReadAsync(chunk).AsTask().WaitAsync(ReadLimit);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _buffered.AddRange(chunk.AsSpan(0, read));
    }

    private static int IndexOf(List<byte> data, byte[] pattern)
    {
        for (var i = 0; i + pattern.Length <= data.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = data[i + j] == pattern[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}

internal sealed record RawAnswer(string StatusLine, int Status, IReadOnlyDictionary<string, string> Headers, string Body);
