namespace Syncthing.Engine.Index;

/// <summary>What we know about one device's index of a folder: its index ID (0 = none) and highest sequence.</summary>
internal readonly record struct RemoteIndexState(ulong IndexId, long MaxSequence);
