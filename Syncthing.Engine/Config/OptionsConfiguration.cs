using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>The <c>&lt;options&gt;</c> element; property initialisers are Syncthing 1.19's defaults.</summary>
public sealed record OptionsConfiguration
{
    /// <summary>BEP listen URLs (<c>tcp://0.0.0.0:22000</c>, <c>quic://…</c>, <c>relay://…</c>) or <c>default</c>.</summary>
    public ValueList<string> ListenAddresses { get; init; } = ValueList.Of("default");

    public ValueList<string> GlobalAnnounceServers { get; init; } = ValueList.Of("default");

    public bool GlobalAnnounceEnabled { get; init; } = true;

    public bool LocalAnnounceEnabled { get; init; } = true;

    public int LocalAnnouncePort { get; init; } = 21027;

    [JsonPropertyName("localAnnounceMCAddr")]
    public string LocalAnnounceMCAddr { get; init; } = "[ff12::8384]:21027";

    public int MaxSendKbps { get; init; }

    public int MaxRecvKbps { get; init; }

    public int ReconnectionIntervalS { get; init; } = 60;

    public bool RelaysEnabled { get; init; } = true;

    public int RelayReconnectIntervalM { get; init; } = 10;

    public bool StartBrowser { get; init; } = true;

    public bool NatEnabled { get; init; } = true;

    public int NatLeaseMinutes { get; init; } = 60;

    public int NatRenewalMinutes { get; init; } = 30;

    public int NatTimeoutSeconds { get; init; } = 10;

    /// <summary>Usage reporting: 0 not yet asked, -1 declined, otherwise the accepted report version.</summary>
    public int UrAccepted { get; init; }

    public int UrSeen { get; init; }

    [JsonPropertyName("urUniqueId")]
    public string UrUniqueId { get; init; } = "";

    [JsonPropertyName("urURL")]
    public string UrUrl { get; init; } = "https://data.syncthing.net/newdata";

    public bool UrPostInsecurely { get; init; }

    public int UrInitialDelayS { get; init; } = 1800;

    public bool RestartOnWakeup { get; init; } = true;

    public int AutoUpgradeIntervalH { get; init; } = 12;

    public bool UpgradeToPreReleases { get; init; }

    public int KeepTemporariesH { get; init; } = 24;

    public bool CacheIgnoredFiles { get; init; }

    public int ProgressUpdateIntervalS { get; init; } = 5;

    public bool LimitBandwidthInLan { get; init; }

    public Size MinHomeDiskFree { get; init; } = Size.OnePercent;

    [JsonPropertyName("releasesURL")]
    public string ReleasesUrl { get; init; } = "https://upgrades.syncthing.net/meta.json";

    public ValueList<string> AlwaysLocalNets { get; init; } = ValueList.Empty<string>();

    public bool OverwriteRemoteDeviceNamesOnConnect { get; init; }

    public int TempIndexMinBlocks { get; init; } = 10;

    [JsonPropertyName("unackedNotificationIDs")]
    public ValueList<string> UnackedNotificationIds { get; init; } = ValueList.Empty<string>();

    public int TrafficClass { get; init; }

    public bool SetLowPriority { get; init; } = true;

    public int MaxFolderConcurrency { get; init; }

    [JsonPropertyName("crURL")]
    public string CrashReportingUrl { get; init; } = "https://crash.syncthing.net/newcrash";

    public bool CrashReportingEnabled { get; init; } = true;

    public int StunKeepaliveStartS { get; init; } = 180;

    public int StunKeepaliveMinS { get; init; } = 20;

    public ValueList<string> StunServers { get; init; } = ValueList.Of("default");

    public DatabaseTuning DatabaseTuning { get; init; } = DatabaseTuning.Auto;

    /// <summary>0 means Syncthing's built-in 256 MiB.</summary>
    public int MaxConcurrentIncomingRequestKiB { get; init; }

    [JsonPropertyName("announceLANAddresses")]
    public bool AnnounceLanAddresses { get; init; } = true;

    public bool SendFullIndexOnUpgrade { get; init; }

    public ValueList<string> FeatureFlags { get; init; } = ValueList.Empty<string>();

    public int ConnectionLimitEnough { get; init; }

    public int ConnectionLimitMax { get; init; }

    [JsonPropertyName("insecureAllowOldTLSVersions")]
    public bool InsecureAllowOldTlsVersions { get; init; }

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
