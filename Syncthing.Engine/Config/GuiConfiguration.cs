using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>The <c>&lt;gui&gt;</c> element: the GUI/REST listener and its authentication.</summary>
public sealed record GuiConfiguration
{
    public bool Enabled { get; init; } = true;

    /// <summary><c>host:port</c> (or a unix socket path) the GUI and REST API listen on.</summary>
    public string Address { get; init; } = "127.0.0.1:8384";

    public string UnixSocketPermissions { get; init; } = "";

    public string User { get; init; } = "";

    /// <summary>The bcrypt hash of the GUI password.</summary>
    public string Password { get; init; } = "";

    public AuthMode AuthMode { get; init; } = AuthMode.Static;

    [JsonPropertyName("useTLS")]
    public bool UseTls { get; init; }

    /// <summary>The key REST clients send in <c>X-API-Key</c>.</summary>
    [JsonPropertyName("apiKey")]
    public string ApiKey { get; init; } = "";

    public bool InsecureAdminAccess { get; init; }

    public string Theme { get; init; } = "default";

    public bool Debugging { get; init; }

    [JsonPropertyName("insecureSkipHostcheck")]
    public bool InsecureSkipHostcheck { get; init; }

    public bool InsecureAllowFrameLoading { get; init; }

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
