namespace Syncthing.Engine.Events;

/// <summary>
/// One logged event as a subscription sees it: <paramref name="Id"/> counts per subscription (from 1, so gaps mean
/// missed events), <paramref name="GlobalId"/> counts over the whole log (from 1). <paramref name="Data"/> is the
/// payload, serialised as JSON with Syncthing's field names (the records of <see cref="EventData"/> or any object).
/// </summary>
internal sealed record Event(long Id, long GlobalId, DateTimeOffset Time, EventType Type, object? Data);
