using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Daemon.Http;
using Syncthing.Engine.Api;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon.Tests;

/// <summary>
/// The REST listener's HTTP/1.1 handling, driven byte by byte: persistent connections, pipelining, body framings,
/// limits, malformed requests, hang-ups and shutdown.
/// </summary>
public sealed class HttpServerTests
{
    private static readonly DeviceId MyId = DeviceId.FromCertificate(new byte[] { 1, 2, 3 });
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task A_persistent_connection_serves_requests_one_after_another_and_pipelined()
    {
        await using var host = await StartAsync(new EchoHandler());
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync("GET /rest/one HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = await client.ReadAnswerAsync();
        await client.SendAsync("GET /rest/two HTTP/1.1\r\nHost: x\r\n\r\nPOST /rest/three HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /rest/four HTTP/1.1\r\n\r\n");
        var second = await client.ReadAnswerAsync();
        var third = await client.ReadAnswerAsync();
        var fourth = await client.ReadAnswerAsync();

        Assert.Equal("HTTP/1.1 200 OK", first.StatusLine);
        Assert.Equal("GET /rest/one ", first.Body);
        Assert.Equal("GET /rest/two ", second.Body);
        Assert.Equal("POST /rest/three abc", third.Body);
        Assert.Equal("GET /rest/four ", fourth.Body);
        Assert.Equal(MyId.ToString(), fourth.Headers["x-syncthing-id"]);
        Assert.False(fourth.Headers.ContainsKey("connection"));
    }

    [Fact]
    public async Task Connection_close_and_http_1_0_end_the_connection_after_the_answer()
    {
        await using var host = await StartAsync(new EchoHandler());
        await using (var client = await RawHttpClient.ConnectAsync(host.Endpoint))
        {
            await client.SendAsync("GET /rest/a HTTP/1.1\r\nConnection: close\r\n\r\n");
            var answer = await client.ReadAnswerAsync();
            Assert.Equal("close", answer.Headers["connection"]);
            Assert.True(await client.IsClosedByServerAsync());
        }

        await using (var client = await RawHttpClient.ConnectAsync(host.Endpoint))
        {
            await client.SendAsync("GET /rest/b HTTP/1.0\r\n\r\n");
            Assert.Equal("GET /rest/b ", (await client.ReadAnswerAsync()).Body);
            Assert.True(await client.IsClosedByServerAsync());
        }

        await using (var client = await RawHttpClient.ConnectAsync(host.Endpoint))
        {
            await client.SendAsync("GET /rest/c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Assert.Equal("keep-alive", (await client.ReadAnswerAsync()).Headers["connection"]);
            await client.SendAsync("GET /rest/d HTTP/1.0\r\n\r\n");
            Assert.Equal("GET /rest/d ", (await client.ReadAnswerAsync()).Body);
        }
    }

    [Fact]
    public async Task A_chunked_body_is_reassembled_with_extensions_and_trailers_ignored()
    {
        await using var host = await StartAsync(new EchoHandler());
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync("PUT /rest/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\nGET /rest/after HTTP/1.1\r\n\r\n");

        Assert.Equal("PUT /rest/x hello, chunked!", (await client.ReadAnswerAsync()).Body);
        Assert.Equal("GET /rest/after ", (await client.ReadAnswerAsync()).Body);
    }

    [Fact]
    public async Task Expect_100_continue_is_answered_before_the_body_is_sent()
    {
        await using var host = await StartAsync(new EchoHandler());
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync("POST /rest/big HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        var interim = await client.ReadAnswerAsync();
        await client.SendAsync("body");
        var final = await client.ReadAnswerAsync();

        Assert.Equal("HTTP/1.1 100 Continue", interim.StatusLine);
        Assert.Equal("POST /rest/big body", final.Body);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_refused_with_413_before_they_are_read()
    {
        var handler = new EchoHandler();
        await using var host = await StartAsync(handler, new HttpLimits { MaxBodyBytes = 100 });

        await using (var client = await RawHttpClient.ConnectAsync(host.Endpoint))
        {
            // With Expect: 100-continue the refusal comes instead of the invitation to send the body.
            await client.SendAsync("POST /rest/x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n");
            var answer = await client.ReadAnswerAsync();
            Assert.Equal(413, answer.Status);
            Assert.Equal("close", answer.Headers["connection"]);
            Assert.True(await client.IsClosedByServerAsync());
        }

        await using (var client = await RawHttpClient.ConnectAsync(host.Endpoint))
        {
            await client.SendAsync("POST /rest/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" + new string('a', 80) + "\r\n50\r\n");
            Assert.Equal(413, (await client.ReadAnswerAsync()).Status);
        }

        await using (var client = await RawHttpClient.ConnectAsync(host.Endpoint))
        {
            await client.SendAsync("POST /rest/x HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + new string('b', 100));
            Assert.Equal(200, (await client.ReadAnswerAsync()).Status);
        }

        Assert.Single(handler.Seen);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("GET http://example.org/rest/x HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /rest/x HTTP/2.0\r\n\r\n", 505)]
    [InlineData("GET /rest/x HTTP/1.1\r\nBad Name: v\r\n\r\n", 400)]
    [InlineData("GET /rest/x HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400)]
    [InlineData("POST /rest/x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    [InlineData("POST /rest/x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400)]
    [InlineData("POST /rest/x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("POST /rest/x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    [InlineData("POST /rest/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400)]
    public async Task Malformed_requests_are_answered_with_their_error_and_never_reach_the_handler(string request, int status)
    {
        var handler = new EchoHandler();
        await using var host = await StartAsync(handler);
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync(request);
        var answer = await client.ReadAnswerAsync();

        Assert.Equal(status, answer.Status);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(handler.Seen);
    }

    [Fact]
    public async Task A_head_larger_than_32_KiB_is_refused_with_431()
    {
        await using var host = await StartAsync(new EchoHandler());
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync("GET /rest/x HTTP/1.1\r\nX-Big: " + new string('v', HttpInput.MaxBuffered) + "\r\n\r\n");

        Assert.Equal(431, (await client.ReadAnswerAsync()).Status);
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_head_is_disconnected_after_the_head_timeout()
    {
        await using var host = await StartAsync(new EchoHandler(), new HttpLimits { HeadTimeout = TimeSpan.FromMilliseconds(200) });
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync("GET /rest/x HTTP/1.1\r\nHost");

        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_client_hanging_up_during_a_long_poll_cancels_the_handler()
    {
        var handler = new WaitingHandler();
        await using var host = await StartAsync(handler);
        var client = await RawHttpClient.ConnectAsync(host.Endpoint);
        await client.SendAsync("GET /rest/events HTTP/1.1\r\n\r\n");
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        client.Abort();

        Assert.True(await handler.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Stopping_cancels_long_polls_and_closes_idle_connections()
    {
        var handler = new WaitingHandler();
        var host = await StartAsync(handler);
        await using var polling = await RawHttpClient.ConnectAsync(host.Endpoint);
        await using var idle = await RawHttpClient.ConnectAsync(host.Endpoint);
        await polling.SendAsync("GET /rest/events HTTP/1.1\r\n\r\n");
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(handler.Cancelled.Task.IsCompletedSuccessfully);
        Assert.True(await polling.IsClosedByServerAsync());
        Assert.True(await idle.IsClosedByServerAsync());
        using var refused = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => refused.ConnectAsync(host.Endpoint));
    }

    [Fact]
    public async Task A_failing_handler_is_a_500_and_the_connection_stays_usable()
    {
        await using var host = await StartAsync(new EchoHandler());
        await using var client = await RawHttpClient.ConnectAsync(host.Endpoint);

        await client.SendAsync("GET /rest/throw HTTP/1.1\r\n\r\nHEAD /rest/head HTTP/1.1\r\n\r\nGET /rest/ok HTTP/1.1\r\n\r\n");
        var failed = await client.ReadAnswerAsync();
        var head = await client.ReadAnswerAsync(toHead: true);

        Assert.Equal(500, failed.Status);
        Assert.Equal("HTTP/1.1 200 OK", head.StatusLine);
        Assert.Equal("HEAD /rest/head ".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Headers["content-length"]);
        // The HEAD answer carried no body, so the next bytes are the third answer's status line.
        var third = await client.ReadAnswerAsync();
        Assert.Equal("GET /rest/ok ", third.Body);
    }

    [Fact]
    public async Task A_taken_port_is_an_io_exception()
    {
        await using var first = await StartAsync(new EchoHandler());

        await Assert.ThrowsAsync<IOException>(() => StartAsync(new EchoHandler(), endpoint: first.Endpoint));
    }

    [Theory]
    [InlineData("/rest/db/file?folder=a+b&file=c%2Fd%20e", "/rest/db/file", "folder=a b|file=c/d e")]
    [InlineData("/rest/a%20b/c%2Fd", "/rest/a b/c%2Fd", "")]
    [InlineData("/rest/x?flag&v=1&v=2&=skipped&bad=%zz%4", "/rest/x", "flag=|v=2|bad=%zz%4")]
    [InlineData("/rest/%C3%A9t%C3%A9?n=%E2%82%AC", "/rest/été", "n=€")]
    public void Targets_decode_like_aspnet_core(string target, string path, string query)
    {
        var (decodedPath, decodedQuery) = HttpTarget.Decode(target);

        Assert.Equal(path, decodedPath);
        Assert.Equal(query, string.Join('|', decodedQuery.Select(p => $"{p.Key}={p.Value}")));
    }

    private static Task<RestHost> StartAsync(IRestHandler handler, HttpLimits? limits = null, IPEndPoint? endpoint = null) =>
        RestHost.StartAsync(endpoint ?? AnyLoopbackPort, handler, MyId, limits ?? new HttpLimits(), NullLoggerFactory.Instance, CancellationToken.None);

    /// <summary>Answers "METHOD PATH BODY"; <c>/rest/throw</c> throws.</summary>
    private sealed class EchoHandler : IRestHandler
    {
        public List<RestRequest> Seen { get; } = [];

        public Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(request);
            }

            if (request.Path == "/rest/throw")
            {
                throw new InvalidOperationException("handler failure");
            }

            var text = $"{request.Method} {request.Path} {Encoding.UTF8.GetString(request.Body.Span)}";
            return Task.FromResult(new RestResponse(200, "text/plain", Encoding.UTF8.GetBytes(text)));
        }
    }

    /// <summary>Waits until its token is cancelled, as a long poll with nothing to report does.</summary>
    private sealed class WaitingHandler : IRestHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult(true);
                throw;
            }

            return new RestResponse(200, "", ReadOnlyMemory<byte>.Empty);
        }
    }
}
