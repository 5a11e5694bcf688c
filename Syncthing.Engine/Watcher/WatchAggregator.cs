namespace Syncthing.Engine.Watcher;

/// <summary>
/// 1.19's watch aggregator (lib/watchaggregator) as a synchronous state machine, time passed in: notifications are
/// kept in a tree of directories; a path becomes due for scanning once it has been quiet for more than half the
/// delay (removals and paths that keep changing wait until <see cref="Timeout"/> after their first event, unless only
/// removals are left), and a path already tracked absorbs events below it.
/// <para>
/// Limits: a directory with <see cref="MaxFilesPerDir"/> tracked children (the root: <see cref="MaxFiles"/>) is
/// tracked itself instead of another child; once <see cref="MaxFiles"/> paths are tracked the whole folder is, and
/// from then on every event is dropped until it is scanned. Not thread-safe: the owner serialises calls.
/// </para>
/// Departure: 1.19 forgets to uncount the events of a directory that becomes tracked itself, so its count drifts up
/// and can trigger a whole-folder scan early; here the count is exact.
/// </summary>
internal sealed class WatchAggregator
{
    public const int DefaultMaxFiles = 512;
    public const int DefaultMaxFilesPerDir = 128;

    private EventDir _root = new();
    private int _removes; // removals and mixed
    private int _nonRemoves;

    public WatchAggregator(TimeSpan delay, TimeSpan timeout, int maxFiles = DefaultMaxFiles, int maxFilesPerDir = DefaultMaxFilesPerDir)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, delay);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFilesPerDir, 1);
        Delay = delay;
        Timeout = timeout;
        MaxFiles = maxFiles;
        MaxFilesPerDir = maxFilesPerDir;
    }

    /// <summary>fsWatcherDelayS: the interval of the scan schedule; a path is due after half of it without events.</summary>
    public TimeSpan Delay { get; }

    /// <summary>How long removals and repeatedly changing paths may be held back (<see cref="NotifyTimeout"/>).</summary>
    public TimeSpan Timeout { get; }

    public int MaxFiles { get; }

    public int MaxFilesPerDir { get; }

    /// <summary>Number of tracked paths.</summary>
    public int Count => _removes + _nonRemoves;

    /// <summary>True when the whole folder is tracked (further events are dropped).</summary>
    public bool TracksWholeFolder => _root.Events.ContainsKey("");

    /// <summary>1.19's timeout for a delay: 6 × delay below 10 s, 1 min below 60 s, else the delay itself.</summary>
    public static TimeSpan NotifyTimeout(int delaySeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delaySeconds, 1);
        return delaySeconds switch
        {
            < 10 => TimeSpan.FromSeconds(delaySeconds * 6),
            < 60 => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromSeconds(delaySeconds),
        };
    }

    /// <summary>Records an event for <paramref name="name"/> ("" = the whole folder) seen at <paramref name="now"/>.</summary>
    public void Add(string name, WatchEventKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TracksWholeFolder)
        {
            Aggregate(name.Trim('/'), kind, now);
        }
    }

    /// <summary>
    /// Removes the paths due at <paramref name="now"/> and returns them as batches: created/changed first, then mixed,
    /// then removals (1.19 scans deletions last); each batch sorted. Empty when nothing is due.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> PopDue(DateTimeOffset now)
    {
        var due = new List<(string Path, WatchEventKind Kind)>();
        if (Count == 0)
        {
            return [];
        }

        PopOld(due, _root, "", now, delayRemovals: true);
        if (Delay != Timeout && _nonRemoves == 0 && _removes != 0)
        {
            // Only held-back events remain: no point in delaying them further.
            PopOld(due, _root, "", now, delayRemovals: false);
        }

        var batches = new List<IReadOnlyList<string>>(3);
        foreach (var kind in (ReadOnlySpan<WatchEventKind>)[WatchEventKind.NonRemove, WatchEventKind.Mixed, WatchEventKind.Remove])
        {
            var batch = due.Where(d => d.Kind == kind).Select(d => d.Path).Order(StringComparer.Ordinal).ToList();
            if (batch.Count > 0)
            {
                batches.Add(batch);
            }
        }

        return batches;
    }

    private void Aggregate(string name, WatchEventKind kind, DateTimeOffset now)
    {
        if (name.Length == 0 || Count >= MaxFiles)
        {
            TrackWholeFolder(kind, now);
            return;
        }

        var segments = name.Split('/');
        var parent = _root;
        var parentPath = "";
        var limit = MaxFiles; // the root cannot collapse further, so it may hold up to MaxFiles children
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            if (parent.Events.TryGetValue(segment, out var tracked))
            {
                Touch(tracked, kind, now);
                return;
            }

            if (parent.ChildCount >= limit)
            {
                Aggregate(parentPath, kind, now);
                return;
            }

            if (!parent.Dirs.TryGetValue(segment, out var next))
            {
                next = new EventDir();
                parent.Dirs.Add(segment, next);
            }

            parent = next;
            parentPath = parentPath.Length == 0 ? segment : parentPath + "/" + segment;
            limit = MaxFilesPerDir;
        }

        var last = segments[^1];
        if (parent.Events.TryGetValue(last, out var existing))
        {
            Touch(existing, kind, now);
            return;
        }

        var hasDir = parent.Dirs.TryGetValue(last, out var childDir);
        if (!hasDir && parent.ChildCount >= limit)
        {
            Aggregate(parentPath, kind, now);
            return;
        }

        var first = now;
        if (childDir is not null)
        {
            // The directory itself is now tracked: it absorbs everything tracked below it.
            first = childDir.FirstModified();
            kind |= childDir.Kind();
            Uncount(childDir);
            parent.Dirs.Remove(last);
        }

        parent.Events.Add(last, new AggregatedEvent(first, now, kind));
        CountAdd(kind, 1);
    }

    private void TrackWholeFolder(WatchEventKind kind, DateTimeOffset now)
    {
        var first = now;
        if (_root.ChildCount != 0)
        {
            kind |= _root.Kind();
            first = _root.FirstModified();
        }

        _root = new EventDir();
        _root.Events.Add("", new AggregatedEvent(first, now, kind));
        _removes = _nonRemoves = 0;
        CountAdd(kind, 1);
    }

    private void Touch(AggregatedEvent tracked, WatchEventKind kind, DateTimeOffset now)
    {
        tracked.LastModified = now;
        var merged = tracked.Kind | kind;
        if (merged != tracked.Kind)
        {
            CountAdd(tracked.Kind, -1);
            CountAdd(merged, 1);
            tracked.Kind = merged;
        }
    }

    private void PopOld(List<(string, WatchEventKind)> to, EventDir dir, string dirPath, DateTimeOffset now, bool delayRemovals)
    {
        foreach (var (name, child) in dir.Dirs.ToList())
        {
            PopOld(to, child, Join(dirPath, name), now, delayRemovals);
            if (child.ChildCount == 0)
            {
                dir.Dirs.Remove(name);
            }
        }

        foreach (var (name, ev) in dir.Events.ToList())
        {
            if (IsOld(ev, now, delayRemovals))
            {
                to.Add((Join(dirPath, name), ev.Kind));
                dir.Events.Remove(name);
                CountAdd(ev.Kind, -1);
            }
        }
    }

    private bool IsOld(AggregatedEvent ev, DateTimeOffset now, bool delayRemovals)
    {
        if ((!delayRemovals || ev.Kind == WatchEventKind.NonRemove) && 2 * (now - ev.LastModified) > Delay)
        {
            return true;
        }

        return now - ev.FirstModified > Timeout;
    }

    private void Uncount(EventDir dir)
    {
        foreach (var ev in dir.Events.Values)
        {
            CountAdd(ev.Kind, -1);
        }

        foreach (var child in dir.Dirs.Values)
        {
            Uncount(child);
        }
    }

    private void CountAdd(WatchEventKind kind, int n)
    {
        if ((kind & WatchEventKind.Remove) != 0)
        {
            _removes += n;
        }
        else
        {
            _nonRemoves += n;
        }
    }

    private static string Join(string dir, string name) => dir.Length == 0 ? name : name.Length == 0 ? dir : dir + "/" + name;

    private sealed class AggregatedEvent(DateTimeOffset first, DateTimeOffset last, WatchEventKind kind)
    {
        public DateTimeOffset FirstModified { get; } = first;

        public DateTimeOffset LastModified { get; set; } = last;

        public WatchEventKind Kind { get; set; } = kind;
    }

    private sealed class EventDir
    {
        public Dictionary<string, AggregatedEvent> Events { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, EventDir> Dirs { get; } = new(StringComparer.Ordinal);

        public int ChildCount => Events.Count + Dirs.Count;

        public DateTimeOffset FirstModified()
        {
            var first = DateTimeOffset.MaxValue;
            foreach (var ev in Events.Values)
            {
                first = ev.FirstModified < first ? ev.FirstModified : first;
            }

            foreach (var dir in Dirs.Values)
            {
                var sub = dir.FirstModified();
                first = sub < first ? sub : first;
            }

            return first;
        }

        public WatchEventKind Kind()
        {
            WatchEventKind kind = 0;
            foreach (var ev in Events.Values)
            {
                kind |= ev.Kind;
            }

            foreach (var dir in Dirs.Values)
            {
                kind |= dir.Kind();
            }

            return kind;
        }
    }
}
