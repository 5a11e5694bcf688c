using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Syncthing.Engine.Api;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Tests.Identity;

namespace Syncthing.Engine.Tests.Api;

/// <summary>A real in-process SyncNode with a folder on disk and a RestApi over it, plus request helpers.</summary>
internal sealed class ApiTestNode : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";
    public const string FolderId = "probe";

    private readonly TempDirectory _dir = new();

    public ApiTestNode()
    {
        var home = Path.Combine(_dir.Path, "home");
        DataPath = Directory.CreateDirectory(Path.Combine(_dir.Path, "data")).FullName;
        DeviceId id;
        using (var identity = DeviceIdentity.LoadOrCreate(home, TimeProvider.System))
        {
            id = identity.Id;
        }

        var config = ConfigDefaults.Create(id, "node", withDefaultFolder: false) with
        {
            Gui = new GuiConfiguration { ApiKey = ApiKey },
            Folders = ValueList.Of(new FolderConfiguration
            {
                Id = FolderId,
                Label = "Probe",
                Path = DataPath,
                Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = id }),
            }),
        };
        Node = SyncNode.Start(home, config, new IPEndPoint(IPAddress.Loopback, 0), configPath: Path.Combine(home, "config.xml"));
        Api = new RestApi(Node);
    }

    public SyncNode Node { get; }

    public RestApi Api { get; }

    public string DataPath { get; }

    public Task<RestResponse> SendAsync(string method, string path, string? body = null, string? apiKey = ApiKey, params (string, string)[] query) =>
        Api.HandleAsync(new RestRequest(method, path, query.ToDictionary(q => q.Item1, q => q.Item2), apiKey, body is null ? default : Encoding.UTF8.GetBytes(body)), CancellationToken.None);

    /// <summary>Sends and returns the JSON body, asserting 200.</summary>
    public async Task<JsonNode?> JsonAsync(string method, string path, string? body = null, params (string, string)[] query)
    {
        var response = await SendAsync(method, path, body, ApiKey, query);
        Assert.True(response.Status == 200, $"{method} {path}: {response.Status} {Text(response)}");
        return response.Body.IsEmpty ? null : JsonNode.Parse(response.Body.Span);
    }

    public static string Text(RestResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _dir.Dispose();
    }
}
