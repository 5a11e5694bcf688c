using Syncthing.Engine.Api.Client;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Tests.Core;

/// <summary>
/// A remote node that stops answering surfaces as a stable error (NodeUnreachable, OperationTimeout) naming the
/// node and the call, not as a bare cancellation.
/// </summary>
public sealed class RemoteTimeoutTests
{
    [Fact]
    public async Task A_call_that_gets_no_answer_in_time_is_a_NodeUnreachable_timeout()
    {
        using var http = new HttpClient(new NeverAnswers()) { Timeout = Timeout.InfiniteTimeSpan };
        var client = SyncClient.Http(http, new Uri("http://127.0.0.1:8384/"), "key", TimeSpan.FromMilliseconds(100));
        await using var handle = new SyncNodeHandle("far", SyncNodeKind.Remote, client, "device");

        var e = await Assert.ThrowsAsync<SyncOperationException>(() => Operations.CallAsync(handle, () => client.GetFoldersAsync(CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(SyncErrorIds.NodeUnreachable, e.ErrorId);
        Assert.Equal(SyncErrorKind.OperationTimeout, e.Kind);
        Assert.Contains("'far' did not answer in time", e.Message, StringComparison.Ordinal);
        Assert.Contains("/rest/config/folders", e.Message, StringComparison.Ordinal);
    }

    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
