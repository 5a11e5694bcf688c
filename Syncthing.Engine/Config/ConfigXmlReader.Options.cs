using System.Xml.Linq;

namespace Syncthing.Engine.Config;

internal static partial class ConfigXmlReader
{
    private static OptionsConfiguration ReadOptions(XElement element)
    {
        var r = new XmlElementReader(element, "configuration/options");
        var d = new OptionsConfiguration();
        return new OptionsConfiguration
        {
            ListenAddresses = OrDefault(r.Strings("listenAddress"), d.ListenAddresses),
            GlobalAnnounceServers = OrDefault(r.Strings("globalAnnounceServer"), d.GlobalAnnounceServers),
            GlobalAnnounceEnabled = r.Bool("globalAnnounceEnabled", d.GlobalAnnounceEnabled),
            LocalAnnounceEnabled = r.Bool("localAnnounceEnabled", d.LocalAnnounceEnabled),
            LocalAnnouncePort = r.Int("localAnnouncePort", d.LocalAnnouncePort),
            LocalAnnounceMCAddr = r.String("localAnnounceMCAddr", d.LocalAnnounceMCAddr),
            MaxSendKbps = r.Int("maxSendKbps", d.MaxSendKbps),
            MaxRecvKbps = r.Int("maxRecvKbps", d.MaxRecvKbps),
            ReconnectionIntervalS = r.Int("reconnectionIntervalS", d.ReconnectionIntervalS),
            RelaysEnabled = r.Bool("relaysEnabled", d.RelaysEnabled),
            RelayReconnectIntervalM = r.Int("relayReconnectIntervalM", d.RelayReconnectIntervalM),
            StartBrowser = r.Bool("startBrowser", d.StartBrowser),
            NatEnabled = r.Bool("natEnabled", d.NatEnabled),
            NatLeaseMinutes = r.Int("natLeaseMinutes", d.NatLeaseMinutes),
            NatRenewalMinutes = r.Int("natRenewalMinutes", d.NatRenewalMinutes),
            NatTimeoutSeconds = r.Int("natTimeoutSeconds", d.NatTimeoutSeconds),
            UrAccepted = r.Int("urAccepted", d.UrAccepted),
            UrSeen = r.Int("urSeen", d.UrSeen),
            UrUniqueId = r.String("urUniqueID", d.UrUniqueId),
            UrUrl = r.String("urURL", d.UrUrl),
            UrPostInsecurely = r.Bool("urPostInsecurely", d.UrPostInsecurely),
            UrInitialDelayS = r.Int("urInitialDelayS", d.UrInitialDelayS),
            RestartOnWakeup = r.Bool("restartOnWakeup", d.RestartOnWakeup),
            AutoUpgradeIntervalH = r.Int("autoUpgradeIntervalH", d.AutoUpgradeIntervalH),
            UpgradeToPreReleases = r.Bool("upgradeToPreReleases", d.UpgradeToPreReleases),
            KeepTemporariesH = r.Int("keepTemporariesH", d.KeepTemporariesH),
            CacheIgnoredFiles = r.Bool("cacheIgnoredFiles", d.CacheIgnoredFiles),
            ProgressUpdateIntervalS = r.Int("progressUpdateIntervalS", d.ProgressUpdateIntervalS),
            LimitBandwidthInLan = r.Bool("limitBandwidthInLan", d.LimitBandwidthInLan),
            MinHomeDiskFree = r.Size("minHomeDiskFree", d.MinHomeDiskFree),
            ReleasesUrl = r.String("releasesURL", d.ReleasesUrl),
            AlwaysLocalNets = r.Strings("alwaysLocalNet"),
            OverwriteRemoteDeviceNamesOnConnect = r.Bool("overwriteRemoteDeviceNamesOnConnect", d.OverwriteRemoteDeviceNamesOnConnect),
            TempIndexMinBlocks = r.Int("tempIndexMinBlocks", d.TempIndexMinBlocks),
            UnackedNotificationIds = r.Strings("unackedNotificationID"),
            TrafficClass = r.Int("trafficClass", d.TrafficClass),
            SetLowPriority = r.Bool("setLowPriority", d.SetLowPriority),
            MaxFolderConcurrency = r.Int("maxFolderConcurrency", d.MaxFolderConcurrency),
            CrashReportingUrl = r.String("crashReportingURL", d.CrashReportingUrl),
            CrashReportingEnabled = r.Bool("crashReportingEnabled", d.CrashReportingEnabled),
            StunKeepaliveStartS = r.Int("stunKeepaliveStartS", d.StunKeepaliveStartS),
            StunKeepaliveMinS = r.Int("stunKeepaliveMinS", d.StunKeepaliveMinS),
            StunServers = OrDefault(r.Strings("stunServer"), d.StunServers),
            DatabaseTuning = r.Enum("databaseTuning", d.DatabaseTuning),
            MaxConcurrentIncomingRequestKiB = r.Int("maxConcurrentIncomingRequestKiB", d.MaxConcurrentIncomingRequestKiB),
            AnnounceLanAddresses = r.Bool("announceLANAddresses", d.AnnounceLanAddresses),
            SendFullIndexOnUpgrade = r.Bool("sendFullIndexOnUpgrade", d.SendFullIndexOnUpgrade),
            FeatureFlags = r.Strings("featureFlag"),
            ConnectionLimitEnough = r.Int("connectionLimitEnough", d.ConnectionLimitEnough),
            ConnectionLimitMax = r.Int("connectionLimitMax", d.ConnectionLimitMax),
            InsecureAllowOldTlsVersions = r.Bool("insecureAllowOldTLSVersions", d.InsecureAllowOldTlsVersions),
            Extras = r.Extras(),
        };
    }

    /// <summary>Syncthing pre-fills these lists with <c>default</c>; an absent element keeps that value.</summary>
    private static ValueList<string> OrDefault(ValueList<string> read, ValueList<string> fallback) =>
        read.Count > 0 ? read : fallback;
}
