using System.Xml.Linq;

namespace Syncthing.Engine.Config;

internal static partial class ConfigXmlWriter
{
    private static XElement Folder(string name, FolderConfiguration f) => WithExtras(
        new XElement(
            name,
            Attr("id", f.Id),
            Attr("label", f.Label),
            Attr("path", f.Path),
            Attr("type", ConfigEnumText.ToText(f.Type)),
            Attr("rescanIntervalS", f.RescanIntervalS),
            Attr("fsWatcherEnabled", f.FsWatcherEnabled),
            Attr("fsWatcherDelayS", f.FsWatcherDelayS),
            Attr("ignorePerms", f.IgnorePerms),
            Attr("autoNormalize", f.AutoNormalize),
            Elem("filesystemType", ConfigEnumText.ToText(f.FilesystemType)),
            f.Devices.Select(d => WithExtras(
                new XElement(
                    "device",
                    Attr("id", d.DeviceId.ToString()),
                    Attr("introducedBy", d.IntroducedBy.ToString()),
                    Elem("encryptionPassword", d.EncryptionPassword)),
                d.Extras)),
            SizeElem("minDiskFree", f.MinDiskFree),
            Versioning(f.Versioning),
            Elem("copiers", f.Copiers),
            Elem("pullerMaxPendingKiB", f.PullerMaxPendingKiB),
            Elem("hashers", f.Hashers),
            Elem("order", ConfigEnumText.ToText(f.Order)),
            Elem("ignoreDelete", f.IgnoreDelete),
            Elem("scanProgressIntervalS", f.ScanProgressIntervalS),
            Elem("pullerPauseS", f.PullerPauseS),
            Elem("maxConflicts", f.MaxConflicts),
            Elem("disableSparseFiles", f.DisableSparseFiles),
            Elem("disableTempIndexes", f.DisableTempIndexes),
            Elem("paused", f.Paused),
            Elem("weakHashThresholdPct", f.WeakHashThresholdPct),
            Elem("markerName", f.MarkerName),
            Elem("copyOwnershipFromParent", f.CopyOwnershipFromParent),
            Elem("modTimeWindowS", f.ModTimeWindowS),
            Elem("maxConcurrentWrites", f.MaxConcurrentWrites),
            Elem("disableFsync", f.DisableFsync),
            Elem("blockPullOrder", ConfigEnumText.ToText(f.BlockPullOrder)),
            Elem("copyRangeMethod", ConfigEnumText.ToText(f.CopyRangeMethod)),
            Elem("caseSensitiveFS", f.CaseSensitiveFS),
            Elem("junctionsAsDirs", f.JunctionsAsDirs)),
        f.Extras);

    private static XElement Versioning(VersioningConfiguration v) => WithExtras(
        new XElement(
            "versioning",
            OmitEmptyAttr("type", v.Type),
            v.Params.Select(p => new XElement("param", Attr("key", p.Key), Attr("val", p.Value))),
            Elem("cleanupIntervalS", v.CleanupIntervalS),
            Elem("fsPath", v.FsPath),
            Elem("fsType", ConfigEnumText.ToText(v.FsType))),
        v.Extras);

    private static XElement Device(string name, DeviceConfiguration d) => WithExtras(
        new XElement(
            name,
            Attr("id", d.DeviceId.ToString()),
            OmitEmptyAttr("name", d.Name),
            Attr("compression", ConfigEnumText.ToText(d.Compression)),
            OmitEmptyAttr("certName", d.CertName),
            Attr("introducer", d.Introducer),
            Attr("skipIntroductionRemovals", d.SkipIntroductionRemovals),
            Attr("introducedBy", d.IntroducedBy.ToString()),
            d.Addresses.Select(a => Elem("address", a)),
            Elem("paused", d.Paused),
            d.AllowedNetworks.Select(n => Elem("allowedNetwork", n)),
            Elem("autoAcceptFolders", d.AutoAcceptFolders),
            Elem("maxSendKbps", d.MaxSendKbps),
            Elem("maxRecvKbps", d.MaxRecvKbps),
            d.IgnoredFolders.Select(o => WithExtras(
                new XElement(
                    "ignoredFolder",
                    Attr("time", Rfc3339.Format(o.Time)),
                    Attr("id", o.Id),
                    Attr("label", o.Label),
                    ""),
                o.Extras)),
            Elem("maxRequestKiB", d.MaxRequestKiB),
            Elem("untrusted", d.Untrusted),
            Elem("remoteGUIPort", d.RemoteGuiPort)),
        d.Extras);
}
