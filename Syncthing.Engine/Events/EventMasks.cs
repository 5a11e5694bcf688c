namespace Syncthing.Engine.Events;

/// <summary>The masks 1.19's REST API uses, and parsing of the <c>events=</c> filter.</summary>
public static class EventMasks
{
    /// <summary>Every event type.</summary>
    public const EventType All = (EventType)((1L << 32) - 1);

    /// <summary>What <c>/rest/events</c> without a filter returns: everything but the noisy disk-change events.</summary>
    public const EventType Default = All & ~(EventType.LocalChangeDetected | EventType.RemoteChangeDetected);

    /// <summary>What <c>/rest/events/disk</c> returns.</summary>
    public const EventType Disk = EventType.LocalChangeDetected | EventType.RemoteChangeDetected;

    /// <summary>
    /// The mask of a comma-separated list of type names, as <c>/rest/events?events=</c> takes it. Unknown names add
    /// nothing (1.19 maps them to 0); an empty or all-unknown list gives <paramref name="fallback"/>.
    /// </summary>
    public static EventType Parse(string? names, EventType fallback = Default)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return fallback;
        }

        var mask = EventType.None;
        foreach (var part in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParseName(part, out var type))
            {
                mask |= type;
            }
        }

        return mask == EventType.None ? fallback : mask;
    }

    /// <summary>One exact type name (case-sensitive, as Syncthing's) to its bit.</summary>
    public static bool TryParseName(string name, out EventType type)
    {
        if (name.Length > 0 && char.IsLetter(name[0]) && Enum.TryParse(name, ignoreCase: false, out type) && type != EventType.None && IsSingle(type) && Enum.IsDefined(type))
        {
            return true;
        }

        type = EventType.None;
        return false;
    }

    private static bool IsSingle(EventType type) => ((long)type & ((long)type - 1)) == 0;
}
