using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Syncthing.Engine.Api;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon.Tests;

/// <summary>
/// A small handler for testing the REST host on its own (request mapping, headers, status codes): the API key
/// check with Syncthing 1.19's refusal (403 <c>CSRF Error</c>), <c>/rest/system/ping</c>, <c>/rest/system/version</c>
/// and a minimal <c>/rest/system/status</c>; everything else is 404. The daemon itself serves the engine's RestApi.
/// </summary>
internal sealed class StandInRestHandler : IRestHandler
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly DeviceId _myId;
    private readonly byte[] _apiKey;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;

    public StandInRestHandler(DeviceId myId, string apiKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        _myId = myId;
        _apiKey = Encoding.UTF8.GetBytes(apiKey);
        _time = time;
        _started = time.GetLocalNow();
    }

    public Task<RestResponse> HandleAsync(RestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Authorized(request.ApiKey))
        {
            return Task.FromResult(Text(403, "CSRF Error"));
        }

        var response = (request.Method, request.Path) switch
        {
            ("GET" or "POST", "/rest/system/ping") => Json(new Dictionary<string, string> { ["ping"] = "pong" }),
            ("GET", "/rest/system/version") => Json(new Dictionary<string, object>
            {
                ["arch"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
                ["codename"] = "syncthingd",
                ["isBeta"] = false,
                ["isCandidate"] = false,
                ["isRelease"] = true,
                ["longVersion"] = DaemonVersion.Long,
                ["os"] = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux",
                ["version"] = DaemonVersion.Short,
            }),
            ("GET", "/rest/system/status") => Json(new Dictionary<string, object>
            {
                ["myID"] = _myId.ToString(),
                ["pathSeparator"] = Path.DirectorySeparatorChar.ToString(),
                ["startTime"] = _started.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
                ["tilde"] = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ["uptime"] = (long)(_time.GetLocalNow() - _started).TotalSeconds,
            }),
            (_, "/rest/system/ping" or "/rest/system/version" or "/rest/system/status") => Text(405, "Method Not Allowed"),
            _ => Text(404, "404 page not found"),
        };
        return Task.FromResult(response);
    }

    private bool Authorized(string? presented) =>
        _apiKey.Length > 0 && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _apiKey);

    private static RestResponse Json(object value) =>
        new(200, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Indented) + "\n"));

    private static RestResponse Text(int status, string message) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message + "\n"));
}
