namespace Syncthing.Engine.Index;

/// <summary>Where one of our own (local, valid) files holds a block with a given hash.</summary>
internal sealed record BlockLocation(string Folder, string Name, int BlockIndex, long Offset, int Size);
