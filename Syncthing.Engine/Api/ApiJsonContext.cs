using System.Text.Json;
using System.Text.Json.Serialization;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Events;

namespace Syncthing.Engine.Api;

/// <summary>
/// Compile-time JSON metadata (web defaults: camelCase, case-insensitive reads) for what the REST API and
/// <see cref="SyncClient"/> serialise as records: event payloads, the bundle endpoints' bodies and answers, and the
/// client's views of 1.19's answers. Nothing is resolved through reflection or emitted code at run time; a type
/// missing here fails with <see cref="NotSupportedException"/> (a test checks every event payload is listed).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StartingEventData))]
[JsonSerializable(typeof(StartupCompleteEventData))]
[JsonSerializable(typeof(StateChangedEventData))]
[JsonSerializable(typeof(LocalIndexUpdatedEventData))]
[JsonSerializable(typeof(RemoteIndexUpdatedEventData))]
[JsonSerializable(typeof(DeviceConnectedEventData))]
[JsonSerializable(typeof(DeviceDisconnectedEventData))]
[JsonSerializable(typeof(FolderCompletionEventData))]
[JsonSerializable(typeof(FolderSummaryEventData))]
[JsonSerializable(typeof(ItemStartedEventData))]
[JsonSerializable(typeof(ItemFinishedEventData))]
[JsonSerializable(typeof(FolderErrorsEventData))]
[JsonSerializable(typeof(BundleExportRequest))]
[JsonSerializable(typeof(BundleExportResponse))]
[JsonSerializable(typeof(BundleImportRequest))]
[JsonSerializable(typeof(BundleImportResponse))]
[JsonSerializable(typeof(BundleReceiptRequest))]
[JsonSerializable(typeof(BundleReceiptResponse))]
[JsonSerializable(typeof(SystemStatus))]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(ConnectionsInfo))]
[JsonSerializable(typeof(FolderStatus))]
[JsonSerializable(typeof(CompletionInfo))]
[JsonSerializable(typeof(NeedList))]
[JsonSerializable(typeof(IgnoresInfo))]
[JsonSerializable(typeof(IgnoresBody))]
[JsonSerializable(typeof(IReadOnlyList<SyncEvent>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
