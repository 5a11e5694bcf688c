using System.Net;
using Syncthing.Engine.Api.Client;
using Xunit;

namespace Syncthing.Engine.Tests.Api;

/// <summary>
/// The per-call bound of the HTTP transport: an ordinary call that gets no answer fails with TimeoutException, while
/// bundle transfers, scans and event polls run past it (they end with the caller's cancellation).
/// </summary>
public sealed class HttpRestTransportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_ordinary_call_without_an_answer_times_out_with_a_clear_message()
    {
        using var handler = new StallingHandler(answerAfter: null);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var transport = new HttpRestTransport(http, new Uri("http://127.0.0.1:8384/"), "key") { RequestTimeout = Bound };

        var e = await Assert.ThrowsAsync<TimeoutException>(() => transport.SendAsync("GET", "/rest/system/status", null, default, CancellationToken.None).WaitAsync(Limit));

        Assert.Contains("GET /rest/system/status", e.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 s", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/rest/bundle/import")]
    [InlineData("POST", "/rest/bundle/export")]
    [InlineData("POST", "/rest/db/scan")]
    [InlineData("GET", "/rest/events")]
    public async Task Long_running_calls_are_not_cut_by_the_bound(string method, string path)
    {
        // The answer comes only after about three times the bound (the handler waits that long itself).
        using var handler = new StallingHandler(answerAfter: Bound * 3);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var transport = new HttpRestTransport(http, new Uri("http://127.0.0.1:8384/"), "key") { RequestTimeout = Bound };

        var response = await transport.SendAsync(method, path, null, default, CancellationToken.None).WaitAsync(Limit);

        Assert.Equal(200, response.Status);
        Assert.True(handler.Waited > Bound, $"answered after {handler.Waited}"); // It did outlive the bound.
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var handler = new StallingHandler(answerAfter: null);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var transport = new HttpRestTransport(http, new Uri("http://127.0.0.1:8384/"), "key") { RequestTimeout = TimeSpan.FromMinutes(5) };
        using var cts = new CancellationTokenSource(Bound);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync("GET", "/rest/system/status", null, default, cts.Token).WaitAsync(Limit));
    }

    [Theory]
    [InlineData("/rest/bundle/import", true)]
    [InlineData("rest/bundle/receipt", true)]
    [InlineData("/rest/events/disk", true)]
    [InlineData("/rest/db/scan", true)]
    [InlineData("/rest/db/status", false)]
    [InlineData("/rest/system/status", false)]
    [InlineData("/rest/config/folders", false)]
    public void Which_paths_run_long(string path, bool runsLong) => Assert.Equal(runsLong, HttpRestTransport.RunsLong(path));

    /// <summary>Answers 200 "{}" after a delay, or never (until the request is cancelled).</summary>
    private sealed class StallingHandler(TimeSpan? answerAfter) : HttpMessageHandler
    {
        public TimeSpan Waited { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            await Task.Delay(answerAfter ?? Timeout.InfiniteTimeSpan, cancellationToken);
            Waited = DateTime.UtcNow - started;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }
}
