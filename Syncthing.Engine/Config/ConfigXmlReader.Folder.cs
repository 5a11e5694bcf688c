using System.Xml.Linq;

namespace Syncthing.Engine.Config;

internal static partial class ConfigXmlReader
{
    private static FolderConfiguration ReadFolder(XElement element, string where)
    {
        var id = element.Attribute("id")?.Value;
        var r = new XmlElementReader(element, string.IsNullOrEmpty(id) ? where : $"folder[@id='{id}']");
        var d = new FolderConfiguration();
        return new FolderConfiguration
        {
            Id = r.StringAttribute("id", d.Id),
            Label = r.StringAttribute("label", d.Label),
            Path = r.StringAttribute("path", d.Path),
            Type = r.EnumAttribute("type", d.Type),
            RescanIntervalS = r.IntAttribute("rescanIntervalS", d.RescanIntervalS),
            FsWatcherEnabled = r.BoolAttribute("fsWatcherEnabled", d.FsWatcherEnabled),
            FsWatcherDelayS = r.IntAttribute("fsWatcherDelayS", d.FsWatcherDelayS),
            IgnorePerms = r.BoolAttribute("ignorePerms", d.IgnorePerms),
            AutoNormalize = r.BoolAttribute("autoNormalize", d.AutoNormalize),
            FilesystemType = r.Enum("filesystemType", d.FilesystemType),
            Devices = new(r.Elements("device").Select((e, i) => ReadFolderDevice(e, $"{r.Where}/device[{i + 1}]")).ToList()),
            MinDiskFree = r.Size("minDiskFree", d.MinDiskFree),
            Versioning = r.Element("versioning") is { } v ? ReadVersioning(v, r.Where + "/versioning") : d.Versioning,
            Copiers = r.Int("copiers", d.Copiers),
            PullerMaxPendingKiB = r.Int("pullerMaxPendingKiB", d.PullerMaxPendingKiB),
            Hashers = r.Int("hashers", d.Hashers),
            Order = r.Enum("order", d.Order),
            IgnoreDelete = r.Bool("ignoreDelete", d.IgnoreDelete),
            ScanProgressIntervalS = r.Int("scanProgressIntervalS", d.ScanProgressIntervalS),
            PullerPauseS = r.Int("pullerPauseS", d.PullerPauseS),
            MaxConflicts = r.Int("maxConflicts", d.MaxConflicts),
            DisableSparseFiles = r.Bool("disableSparseFiles", d.DisableSparseFiles),
            DisableTempIndexes = r.Bool("disableTempIndexes", d.DisableTempIndexes),
            Paused = r.Bool("paused", d.Paused),
            WeakHashThresholdPct = r.Int("weakHashThresholdPct", d.WeakHashThresholdPct),
            MarkerName = r.String("markerName", d.MarkerName),
            CopyOwnershipFromParent = r.Bool("copyOwnershipFromParent", d.CopyOwnershipFromParent),
            ModTimeWindowS = r.Int("modTimeWindowS", d.ModTimeWindowS),
            MaxConcurrentWrites = r.Int("maxConcurrentWrites", d.MaxConcurrentWrites),
            DisableFsync = r.Bool("disableFsync", d.DisableFsync),
            BlockPullOrder = r.Enum("blockPullOrder", d.BlockPullOrder),
            CopyRangeMethod = r.Enum("copyRangeMethod", d.CopyRangeMethod),
            CaseSensitiveFS = r.Bool("caseSensitiveFS", d.CaseSensitiveFS),
            JunctionsAsDirs = r.Bool("junctionsAsDirs", d.JunctionsAsDirs),
            Extras = r.Extras(),
        };
    }

    private static FolderDeviceConfiguration ReadFolderDevice(XElement element, string where)
    {
        var r = new XmlElementReader(element, where);
        return new FolderDeviceConfiguration
        {
            DeviceId = r.DeviceIdAttribute("id"),
            IntroducedBy = r.DeviceIdAttribute("introducedBy"),
            EncryptionPassword = r.String("encryptionPassword", ""),
            Extras = r.Extras(),
        };
    }

    private static VersioningConfiguration ReadVersioning(XElement element, string where)
    {
        var r = new XmlElementReader(element, where);
        var d = new VersioningConfiguration();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in r.Elements("param"))
        {
            parameters[p.Attribute("key")?.Value ?? ""] = p.Attribute("val")?.Value ?? "";
        }

        return new VersioningConfiguration
        {
            Type = r.StringAttribute("type", d.Type),
            Params = new ValueDictionary(parameters),
            CleanupIntervalS = r.Int("cleanupIntervalS", d.CleanupIntervalS),
            FsPath = r.String("fsPath", d.FsPath),
            FsType = r.Enum("fsType", d.FsType),
            Extras = r.Extras(),
        };
    }

    private static DeviceConfiguration ReadDevice(XElement element, string where)
    {
        var id = element.Attribute("id")?.Value;
        var r = new XmlElementReader(element, string.IsNullOrEmpty(id) ? where : $"device[@id='{id}']");
        var d = new DeviceConfiguration();
        return new DeviceConfiguration
        {
            DeviceId = r.DeviceIdAttribute("id"),
            Name = r.StringAttribute("name", d.Name),
            Compression = r.EnumAttribute("compression", d.Compression),
            CertName = r.StringAttribute("certName", d.CertName),
            Introducer = r.BoolAttribute("introducer", d.Introducer),
            SkipIntroductionRemovals = r.BoolAttribute("skipIntroductionRemovals", d.SkipIntroductionRemovals),
            IntroducedBy = r.DeviceIdAttribute("introducedBy"),
            Addresses = r.Strings("address"),
            Paused = r.Bool("paused", d.Paused),
            AllowedNetworks = r.Strings("allowedNetwork"),
            AutoAcceptFolders = r.Bool("autoAcceptFolders", d.AutoAcceptFolders),
            MaxSendKbps = r.Int("maxSendKbps", d.MaxSendKbps),
            MaxRecvKbps = r.Int("maxRecvKbps", d.MaxRecvKbps),
            IgnoredFolders = new(r.Elements("ignoredFolder").Select((e, i) => ReadObservedFolder(e, $"{r.Where}/ignoredFolder[{i + 1}]")).ToList()),
            MaxRequestKiB = r.Int("maxRequestKiB", d.MaxRequestKiB),
            Untrusted = r.Bool("untrusted", d.Untrusted),
            RemoteGuiPort = r.Int("remoteGUIPort", d.RemoteGuiPort),
            Extras = r.Extras(),
        };
    }
}
