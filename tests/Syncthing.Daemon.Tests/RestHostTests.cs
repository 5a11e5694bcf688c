using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Api;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon.Tests;

public sealed class RestHostTests
{
    private static readonly DeviceId MyId = DeviceId.FromCertificate(new byte[] { 9, 8, 7 });

    [Fact]
    public async Task Requests_are_mapped_to_rest_requests_and_responses_written_back()
    {
        var handler = new RecordingHandler(new RestResponse(201, "application/json", Encoding.UTF8.GetBytes("{\"ok\":true}")));
        await using var host = await RestHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), handler, MyId, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Put, "rest/config/folders/a%20b?folder=x%2Fy&sub=one&sub=two&empty=")
        {
            Content = new StringContent("{\"id\":\"a b\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-API-Key", "secret");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal(MyId.ToString(), response.Headers.GetValues("X-Syncthing-Id").Single());
        Assert.StartsWith("v", response.Headers.GetValues("X-Syncthing-Version").Single(), StringComparison.Ordinal);
        var seen = Assert.Single(handler.Requests);
        Assert.Equal("PUT", seen.Method);
        Assert.Equal("/rest/config/folders/a b", seen.Path);
        Assert.Equal("x/y", seen.Query["folder"]);
        Assert.Equal("two", seen.Query["sub"]);
        Assert.Equal("", seen.Query["empty"]);
        Assert.Equal("secret", seen.ApiKey);
        Assert.Equal("{\"id\":\"a b\"}", Encoding.UTF8.GetString(seen.Body.Span));
    }

    [Fact]
    public async Task A_bearer_token_is_the_api_key_and_no_header_means_none()
    {
        var handler = new RecordingHandler(new RestResponse(200, "", ReadOnlyMemory<byte>.Empty));
        await using var host = await RestHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), handler, MyId, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using (var bearer = new HttpRequestMessage(HttpMethod.Get, "rest/system/ping"))
        {
            bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "tok3n");
            using var _ = await http.SendAsync(bearer);
        }

        using (await http.PostAsync(new Uri("rest/system/ping", UriKind.Relative), null))
        {
        }

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("tok3n", handler.Requests[0].ApiKey);
        Assert.Equal("GET", handler.Requests[0].Method);
        Assert.Null(handler.Requests[1].ApiKey);
        Assert.Equal("POST", handler.Requests[1].Method);
        Assert.Equal(0, handler.Requests[1].Body.Length);
    }

    [Fact]
    public async Task Paths_outside_rest_are_404_and_never_reach_the_handler()
    {
        var handler = new RecordingHandler(new RestResponse(200, "", ReadOnlyMemory<byte>.Empty));
        await using var host = await RestHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), handler, MyId, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        using var response = await http.GetAsync(new Uri("index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task The_stand_in_refuses_missing_and_wrong_api_keys_like_syncthing()
    {
        var handler = new StandInRestHandler(MyId, "right-key", TimeProvider.System);
        await using var host = await RestHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), handler, MyId, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        using var none = await http.GetAsync(new Uri("rest/system/ping", UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "rest/system/ping");
        wrong.Headers.Add("X-API-Key", "wrong-key");
        using var wrongResponse = await http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, "rest/system/status");
        right.Headers.Add("X-API-Key", "right-key");
        using var rightResponse = await http.SendAsync(right);

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal("CSRF Error\n", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrongResponse.StatusCode);
        Assert.Equal("CSRF Error\n", await wrongResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.Contains(MyId.ToString(), await rightResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stand_in_refuses_everything_when_no_api_key_is_configured()
    {
        var handler = new StandInRestHandler(MyId, "", TimeProvider.System);

        var response = await handler.HandleAsync(new RestRequest("GET", "/rest/system/ping", new Dictionary<string, string>(), "", default), CancellationToken.None);

        Assert.Equal(403, response.Status);
    }

    [Theory]
    [InlineData("127.0.0.1:8384", "127.0.0.1:8384")]
    [InlineData("http://127.0.0.1:9000/", "127.0.0.1:9000")]
    [InlineData("localhost:8384", "127.0.0.1:8384")]
    [InlineData(":8384", "0.0.0.0:8384")]
    [InlineData("[::1]:8384", "[::1]:8384")]
    public void Gui_addresses_parse(string address, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), GuiAddress.Parse(address));

    [Theory]
    [InlineData("https://127.0.0.1:8384")]
    [InlineData("/run/syncthing.sock")]
    [InlineData("example.org:8384")]
    [InlineData("127.0.0.1")]
    public void Unsupported_gui_addresses_are_refused(string address) =>
        Assert.Throws<FormatException>(() => GuiAddress.Parse(address));

    private sealed class RecordingHandler(RestResponse response) : IRestHandler
    {
        public List<RestRequest> Requests { get; } = [];

        public Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            return Task.FromResult(response);
        }
    }
}
