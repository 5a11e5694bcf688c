using System.Text.Json;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Api.Client;

// Typed views of 1.19's REST responses for SyncClient. Only the fields scripts use are typed; names follow
// Syncthing's JSON (case-insensitive on read).

/// <summary><c>/rest/system/status</c>.</summary>
public sealed record SystemStatus(
    [property: JsonPropertyName("myID")] string MyId,
    DateTimeOffset StartTime,
    long Uptime,
    string PathSeparator,
    string GuiAddressUsed);

/// <summary><c>/rest/system/version</c>.</summary>
public sealed record SystemVersion(string Version, string LongVersion, string Os, string Arch);

/// <summary>One device of <c>/rest/system/connections</c>.</summary>
public sealed record ConnectionEntry(
    DateTimeOffset At,
    long InBytesTotal,
    long OutBytesTotal,
    DateTimeOffset StartedAt,
    bool Connected,
    bool Paused,
    string Address,
    string ClientVersion,
    string Type,
    string Crypto);

/// <summary><c>/rest/system/connections</c>: per device ID, and the totals.</summary>
public sealed record ConnectionsInfo(IReadOnlyDictionary<string, ConnectionEntry> Connections, ConnectionTotals Total);

/// <summary>The <c>total</c> of <c>/rest/system/connections</c>.</summary>
public sealed record ConnectionTotals(DateTimeOffset At, long InBytesTotal, long OutBytesTotal);

/// <summary><c>/rest/db/status</c>.</summary>
public sealed record FolderStatus(
    long Errors,
    long GlobalBytes,
    long GlobalDeleted,
    long GlobalDirectories,
    long GlobalFiles,
    long GlobalSymlinks,
    long GlobalTotalItems,
    bool IgnorePatterns,
    long InSyncBytes,
    long InSyncFiles,
    string Invalid,
    long LocalBytes,
    long LocalDeleted,
    long LocalDirectories,
    long LocalFiles,
    long LocalSymlinks,
    long LocalTotalItems,
    long NeedBytes,
    long NeedDeletes,
    long NeedDirectories,
    long NeedFiles,
    long NeedSymlinks,
    long NeedTotalItems,
    long PullErrors,
    long Sequence,
    string State,
    DateTimeOffset StateChanged,
    long Version);

/// <summary><c>/rest/db/completion</c>.</summary>
public sealed record CompletionInfo(
    double Completion,
    long GlobalBytes,
    long GlobalItems,
    long NeedBytes,
    long NeedDeletes,
    long NeedItems,
    long Sequence);

/// <summary>A file object of the need lists (1.19's truncated jsonFileInfo).</summary>
public sealed record DbFile(
    string Name,
    string Type,
    long Size,
    bool Deleted,
    bool Invalid,
    long Sequence,
    DateTimeOffset Modified,
    string ModifiedBy,
    IReadOnlyList<string> Version);

/// <summary><c>/rest/db/need</c>: files in progress, queued and the rest, with paging.</summary>
public sealed record NeedList(
    IReadOnlyList<DbFile> Progress,
    IReadOnlyList<DbFile> Queued,
    IReadOnlyList<DbFile> Rest,
    int Page,
    [property: JsonPropertyName("perpage")] int PerPage);

/// <summary>The body of <c>POST /rest/db/ignores</c>: the lines of .stignore.</summary>
internal sealed record IgnoresBody(IReadOnlyList<string> Ignore);

/// <summary><c>/rest/db/ignores</c>: raw lines (null: no .stignore), expanded patterns and parse error.</summary>
public sealed record IgnoresInfo(IReadOnlyList<string>? Ignore, IReadOnlyList<string>? Expanded, string? Error);

/// <summary>One event of <c>/rest/events</c>; <see cref="Data"/> is the raw payload.</summary>
public sealed record SyncEvent(
    long Id,
    [property: JsonPropertyName("globalID")] long GlobalId,
    DateTimeOffset Time,
    string Type,
    JsonElement Data);
