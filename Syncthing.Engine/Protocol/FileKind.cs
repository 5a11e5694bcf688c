namespace Syncthing.Engine.Protocol;

/// <summary>What an index entry describes. Wire values 2 and 3 (legacy symlink kinds) map to <see cref="Symlink"/>.</summary>
public enum FileKind
{
    File = 0,
    Directory = 1,
    Symlink = 4,
}
