using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// Collects the records of one scan and writes them to the index in bounded transactions (by record count and by
/// block count), so memory does not grow with the folder. Thread-safe: the walker and the hashers add to it.
/// Every record added is complete and final; a batch that is never flushed (cancelled scan) is simply lost and
/// the next scan finds the same differences again.
/// </summary>
internal sealed class ScanBatch
{
    private readonly IIndexStore _store;
    private readonly string _folder;
    private readonly int _maxRecords;
    private readonly int _maxBlocks;
    private readonly object _gate = new();
    private readonly List<FileRecord> _pending = [];
    private long _blocks;

    public ScanBatch(IIndexStore store, string folder, int maxRecords, int maxBlocks)
    {
        _store = store;
        _folder = folder;
        _maxRecords = maxRecords;
        _maxBlocks = maxBlocks;
    }

    /// <summary>Transactions committed so far.</summary>
    public int Flushes { get; private set; }

    public void Add(FileRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pending.Add(record);
            _blocks += record.Blocks.IsDefault ? 0 : record.Blocks.Length;
            if (_pending.Count >= _maxRecords || _blocks >= _maxBlocks)
            {
                FlushLocked(cancellationToken);
            }
        }
    }

    public void Flush(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            FlushLocked(cancellationToken);
        }
    }

    private void FlushLocked(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        _store.UpdateLocal(_folder, _pending, cancellationToken);
        Flushes++;
        _pending.Clear();
        _blocks = 0;
    }
}
