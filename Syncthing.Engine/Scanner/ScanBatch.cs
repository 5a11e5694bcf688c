using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// Collects the records of one scan and writes them to the index in bounded transactions (by record count and by
/// block count), so memory does not grow with the folder. Thread-safe: the walker and the hashers add to it. The
/// thread whose record fills a batch writes it, outside the lock, so the others go on walking and hashing meanwhile
/// (for tiny files the transactions were a tenth of a scan's CPU, and every adder used to wait for them); batches
/// are committed in the order they filled. Every record added is complete and final; a batch that is never written
/// (cancelled scan) is simply lost and the next scan finds the same differences again.
/// </summary>
internal sealed class ScanBatch
{
    private readonly IIndexStore _store;
    private readonly string _folder;
    private readonly int _maxRecords;
    private readonly int _maxBlocks;
    private readonly object _gate = new();
    private readonly object _writeGate = new();
    private List<FileRecord> _pending = [];
    private long _blocks;
    private long _filled;
    private long _written;
    private int _flushes;

    public ScanBatch(IIndexStore store, string folder, int maxRecords, int maxBlocks)
    {
        _store = store;
        _folder = folder;
        _maxRecords = maxRecords;
        _maxBlocks = maxBlocks;
    }

    /// <summary>Records waiting for the batch to fill (for tests).</summary>
    internal int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Transactions committed so far.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    public void Add(FileRecord record, CancellationToken cancellationToken)
    {
        List<FileRecord> full;
        long ticket;
        lock (_gate)
        {
            _pending.Add(record);
            _blocks += record.Blocks.IsDefault ? 0 : record.Blocks.Length;
            if (_pending.Count < _maxRecords && _blocks < _maxBlocks)
            {
                return;
            }

            (full, ticket) = TakeLocked();
        }

        WriteInOrder(full, ticket, cancellationToken);
    }

    /// <summary>Writes what is pending and waits until every batch taken before it is committed.</summary>
    public void Flush(CancellationToken cancellationToken)
    {
        List<FileRecord> rest;
        long ticket;
        lock (_gate)
        {
            (rest, ticket) = TakeLocked();
        }

        WriteInOrder(rest, ticket, cancellationToken);
    }

    private (List<FileRecord> Batch, long Ticket) TakeLocked()
    {
        var batch = _pending;
        _pending = [];
        _blocks = 0;
        return (batch, ++_filled);
    }

    /// <summary>Commits batch number <paramref name="ticket"/> after every earlier one (a failed one counts as done).</summary>
    private void WriteInOrder(List<FileRecord> batch, long ticket, CancellationToken cancellationToken)
    {
        lock (_writeGate)
        {
            while (_written != ticket - 1)
            {
                Monitor.Wait(_writeGate);
            }

            try
            {
                if (batch.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _store.UpdateLocal(_folder, batch, cancellationToken);
                    Interlocked.Increment(ref _flushes);
                }
            }
            finally
            {
                _written = ticket;
                Monitor.PulseAll(_writeGate);
            }
        }
    }
}
