namespace Syncthing.Engine.Tests.Api;

/// <summary>Responses captured from real Syncthing 1.19.2 (device-keyed maps trimmed), for shape comparisons.</summary>
internal static class Samples
{
    public const string Status = """
        {"alloc": 39792616, "connectionServiceStatus": {}, "cpuPercent": 0, "goroutines": 64, "guiAddressOverridden": false, "guiAddressUsed": "127.0.0.1:8384", "lastDialStatus": {}, "myID": "F2JQDGV-ER5KP75-VRR3CWO-BWXAJEG-AB7NBQT-BYQBUXU-PFZEOAJ-IEXDAQZ", "pathSeparator": "/", "startTime": "2026-11-21T23:56:48Z", "sys": 60142856, "tilde": "/home/user", "uptime": 38, "urVersionMax": 3}
        """;

    public const string Version = """
        {"arch": "amd64", "codename": "Fermium Flea", "date": "2023-04-09T10:47:16Z", "isBeta": true, "isCandidate": false, "isRelease": true, "longVersion": "syncthing v1.19.2-ds1 \"Fermium Flea\" (go1.19.8 linux-amd64) debian@debian 2023-04-09 10:47:16 UTC [stnoupgrade]", "os": "linux", "stamp": "1681037236", "tags": ["stnoupgrade"], "user": "debian", "version": "v1.19.2-ds1"}
        """;

    public const string Connection = """
        {"at": "0001-01-01T00:00:00Z", "inBytesTotal": 0, "outBytesTotal": 0, "startedAt": "0001-01-01T00:00:00Z", "connected": false, "paused": false, "address": "", "clientVersion": "", "type": "", "crypto": ""}
        """;

    public const string DbStatus = """
        {"errors": 0, "globalBytes": 562684, "globalDeleted": 0, "globalDirectories": 2, "globalFiles": 7, "globalSymlinks": 2, "globalTotalItems": 11, "ignorePatterns": false, "inSyncBytes": 562684, "inSyncFiles": 7, "invalid": "", "localBytes": 562684, "localDeleted": 0, "localDirectories": 2, "localFiles": 7, "localSymlinks": 2, "localTotalItems": 11, "needBytes": 0, "needDeletes": 0, "needDirectories": 0, "needFiles": 0, "needSymlinks": 0, "needTotalItems": 0, "pullErrors": 0, "sequence": 11, "state": "idle", "stateChanged": "2026-11-21T23:57:09Z", "version": 11}
        """;

    public const string Completion = """
        {"completion": 100, "globalBytes": 562684, "globalItems": 11, "needBytes": 0, "needDeletes": 0, "needItems": 0, "sequence": 0}
        """;

    public const string Need = """
        {"page": 1, "perpage": 65536, "progress": [], "queued": [], "rest": []}
        """;

    public const string DbFile = """
        {"availability": null, "global": {"deleted": false, "ignored": false, "invalid": false, "localFlags": 0, "modified": "2026-11-21T23:56:12.681727639Z", "modifiedBy": "F2JQDGV", "mustRescan": false, "name": "small.txt", "noPermissions": false, "numBlocks": 1, "permissions": "0644", "sequence": 3, "size": 12, "type": "FILE_INFO_TYPE_FILE", "version": ["F2JQDGV:1795305409"]}, "local": {"deleted": false, "ignored": false, "invalid": false, "localFlags": 0, "modified": "2026-11-21T23:56:12.681727639Z", "modifiedBy": "F2JQDGV", "mustRescan": false, "name": "small.txt", "noPermissions": false, "numBlocks": 1, "permissions": "0644", "sequence": 3, "size": 12, "type": "FILE_INFO_TYPE_FILE", "version": ["F2JQDGV:1795305409"]}, "mtime": {"err": null, "value": {"real": "0001-01-01T00:00:00Z", "virtual": "0001-01-01T00:00:00Z"}}}
        """;
}
