namespace Syncthing.Engine.Scanner;

/// <summary>Mutable tallies of one scan, updated from the walker and the hashers at once.</summary>
internal sealed class ScanCounters
{
    private readonly int _maxErrors;
    private readonly List<ScanError> _errors = [];
    private long _new;
    private long _changed;
    private long _deleted;
    private long _ignored;
    private long _unchanged;
    private long _skipped;
    private long _filesHashed;
    private long _bytesHashed;
    private long _walked;

    public ScanCounters(int maxErrors) => _maxErrors = maxErrors;

    public long Walked => Interlocked.Read(ref _walked);

    public void AddWalked(long count) => Interlocked.Add(ref _walked, count);

    public void AddNew() => Interlocked.Increment(ref _new);

    public void AddChanged() => Interlocked.Increment(ref _changed);

    public void AddDeleted() => Interlocked.Increment(ref _deleted);

    public void AddIgnored() => Interlocked.Increment(ref _ignored);

    public void AddUnchanged() => Interlocked.Increment(ref _unchanged);

    public void AddHashed() => Interlocked.Increment(ref _filesHashed);

    public void AddBytesHashed(long bytes) => Interlocked.Add(ref _bytesHashed, bytes);

    /// <summary>Counts an item left out of this scan and keeps the reason (up to the limit).</summary>
    public void Skip(string name, string reason)
    {
        Interlocked.Increment(ref _skipped);
        lock (_errors)
        {
            if (_errors.Count < _maxErrors)
            {
                _errors.Add(new ScanError(name, reason));
            }
        }
    }

    public ScanProgress Progress() =>
        new(Walked, Interlocked.Read(ref _filesHashed), Interlocked.Read(ref _bytesHashed));

    public ScanResult ToResult()
    {
        lock (_errors)
        {
            return new ScanResult
            {
                New = Interlocked.Read(ref _new),
                Changed = Interlocked.Read(ref _changed),
                Deleted = Interlocked.Read(ref _deleted),
                NewlyIgnored = Interlocked.Read(ref _ignored),
                Unchanged = Interlocked.Read(ref _unchanged),
                Skipped = Interlocked.Read(ref _skipped),
                FilesHashed = Interlocked.Read(ref _filesHashed),
                BytesHashed = Interlocked.Read(ref _bytesHashed),
                Errors = [.. _errors],
            };
        }
    }
}
