namespace Syncthing.Engine.Protocol;

/// <summary>One device's counter in a version vector: the device's short ID and its value.</summary>
public readonly record struct Counter(ulong Id, ulong Value);
