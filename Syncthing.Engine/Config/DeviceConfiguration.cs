using System.Text.Json.Serialization;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>One <c>&lt;device&gt;</c> of config.xml; property initialisers are Syncthing 1.19's defaults.</summary>
public sealed record DeviceConfiguration
{
    [JsonPropertyName("deviceID")]
    public DeviceId DeviceId { get; init; } = DeviceId.Empty;

    public string Name { get; init; } = "";

    /// <summary>Where to dial: <c>dynamic</c> (discovery) or URLs such as <c>tcp://host:22000</c>.</summary>
    public ValueList<string> Addresses { get; init; } = ValueList.Of("dynamic");

    public Compression Compression { get; init; } = Compression.Metadata;

    public string CertName { get; init; } = "";

    public bool Introducer { get; init; }

    public bool SkipIntroductionRemovals { get; init; }

    public DeviceId IntroducedBy { get; init; } = DeviceId.Empty;

    public bool Paused { get; init; }

    public ValueList<string> AllowedNetworks { get; init; } = ValueList.Empty<string>();

    public bool AutoAcceptFolders { get; init; }

    public int MaxSendKbps { get; init; }

    public int MaxRecvKbps { get; init; }

    public ValueList<ObservedFolder> IgnoredFolders { get; init; } = ValueList.Empty<ObservedFolder>();

    public int MaxRequestKiB { get; init; }

    public bool Untrusted { get; init; }

    [JsonPropertyName("remoteGUIPort")]
    public int RemoteGuiPort { get; init; }

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
