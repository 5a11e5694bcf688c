namespace Syncthing.Engine.Watcher;

/// <summary>
/// What a notification says about a path (1.19 <c>fs.EventType</c>): something was created or changed, something
/// was removed, or both happened under an aggregated path. Merging two different kinds gives <see cref="Mixed"/>.
/// </summary>
[Flags]
internal enum WatchEventKind
{
    NonRemove = 1,
    Remove = 2,
    Mixed = NonRemove | Remove,
}

/// <summary>
/// One file-system notification: a folder-relative, '/'-separated name, or "" for "the whole folder" (what an
/// overflow or a watcher error means, since events may have been lost).
/// </summary>
internal readonly record struct WatchEvent(string Name, WatchEventKind Kind)
{
    /// <summary>Events were lost: scan everything.</summary>
    public static WatchEvent Overflow { get; } = new("", WatchEventKind.NonRemove);

    /// <summary>True when the event covers the whole folder.</summary>
    public bool IsWholeFolder => Name.Length == 0;
}
