using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Events;

// The payloads of the events the engine emits, with 1.19's field names (lib/model, lib/events). Device IDs are
// their canonical strings. Other payloads are JsonNodes; each record here is listed in Api/ApiJsonContext, whose
// generated code writes it (a test checks none is missing).

/// <summary><c>Starting</c>: the node's home directory and device ID.</summary>
internal sealed record StartingEventData(
    [property: JsonPropertyName("home")] string Home,
    [property: JsonPropertyName("myID")] string MyId);

/// <summary><c>StartupComplete</c>: 1.19 sends the device ID (its docs say null).</summary>
internal sealed record StartupCompleteEventData([property: JsonPropertyName("myID")] string MyId);

/// <summary><c>StateChanged</c>: a folder moved between states (idle, scanning, syncing, …); duration in seconds in the old state.</summary>
internal sealed record StateChangedEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("duration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Duration);

/// <summary><c>LocalIndexUpdated</c>: our index of a folder changed; <c>version</c> repeats the sequence (deprecated).</summary>
internal sealed record LocalIndexUpdatedEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("filenames")] IReadOnlyList<string> Filenames,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("version")] long Version);

/// <summary><c>RemoteIndexUpdated</c>: a peer's Index or IndexUpdate was applied.</summary>
internal sealed record RemoteIndexUpdatedEventData(
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("version")] long Version);

/// <summary><c>DeviceConnected</c>: a peer's connection was accepted.</summary>
internal sealed record DeviceConnectedEventData(
    [property: JsonPropertyName("addr")] string Address,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("deviceName")] string DeviceName,
    [property: JsonPropertyName("clientName")] string ClientName,
    [property: JsonPropertyName("clientVersion")] string ClientVersion,
    [property: JsonPropertyName("type")] string Type);

/// <summary><c>DeviceDisconnected</c>: a peer's connection closed, with the reason.</summary>
internal sealed record DeviceDisconnectedEventData(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("error")] string Error);

/// <summary><c>FolderCompletion</c>: a device's completion of a folder, the fields of <c>/rest/db/completion</c>.</summary>
internal sealed record FolderCompletionEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("completion")] double Completion,
    [property: JsonPropertyName("globalBytes")] long GlobalBytes,
    [property: JsonPropertyName("globalItems")] long GlobalItems,
    [property: JsonPropertyName("needBytes")] long NeedBytes,
    [property: JsonPropertyName("needDeletes")] long NeedDeletes,
    [property: JsonPropertyName("needItems")] long NeedItems,
    [property: JsonPropertyName("sequence")] long Sequence);

/// <summary><c>FolderSummary</c>: a folder's <c>/rest/db/status</c> object.</summary>
internal sealed record FolderSummaryEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("summary")] JsonNode Summary);

/// <summary><c>ItemStarted</c>: the puller began an item (type file/dir/symlink, action update/metadata/delete).</summary>
internal sealed record ItemStartedEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("action")] string Action);

/// <summary><c>ItemFinished</c>: as ItemStarted, with the error (null on success).</summary>
internal sealed record ItemFinishedEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("item")] string Item,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>One entry of <c>FolderErrors</c>.</summary>
internal sealed record FolderErrorEntry(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("path")] string Path);

/// <summary><c>FolderErrors</c>: the items a folder failed to pull.</summary>
internal sealed record FolderErrorsEventData(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("errors")] IReadOnlyList<FolderErrorEntry> Errors);
