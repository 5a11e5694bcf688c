using Syncthing.Engine.Fs;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Puller;

/// <summary>
/// Finished items waiting to be recorded as ours. A flush first makes the directories holding new names durable
/// (one <see cref="IFileSystem.SyncDirectories"/> for all of them), then writes all records in one index transaction, then tells the index senders. A crash before the
/// flush leaves files on disk the index does not know yet: the next scan finds them with the global blocks and the
/// puller's metadata shortcut adopts them without a conflict.
/// </summary>
internal sealed class PullBatch(string folder, IFileSystem fs, IIndexStore store, PullOptions options, Action? localIndexChanged)
{
    private readonly object _gate = new();
    private readonly List<FileRecord> _records = [];
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private int _recorded;

    public int Recorded => Volatile.Read(ref _recorded);

    /// <summary>Queues a record; flushes when the batch is full.</summary>
    public void Add(FileRecord record, bool nameChanged, CancellationToken cancellationToken)
    {
        bool full;
        lock (_gate)
        {
            _records.Add(record with { Invalid = false });
            if (nameChanged)
            {
                _directories.Add(PathNames.Parent(record.Name));
            }

            full = _records.Count >= options.DatabaseBatchSize;
        }

        if (full)
        {
            Flush(cancellationToken);
        }
    }

    public void Flush(CancellationToken cancellationToken)
    {
        List<FileRecord> records;
        List<string> directories;
        lock (_gate)
        {
            if (_records.Count == 0)
            {
                return;
            }

            records = [.. _records];
            directories = [.. _directories];
            _records.Clear();
            _directories.Clear();
        }

        if (!options.DisableFsync)
        {
            // Pulled in random order, a batch's files are spread over many directories: one flush for all of them.
            fs.SyncDirectories(directories.FindAll(d => fs.TryLstat(d) is { IsDirectory: true }));
        }

        // Not cancellable once started: the files are on disk and the index must learn about them.
        store.UpdateLocal(folder, records, CancellationToken.None);
        Interlocked.Add(ref _recorded, records.Count);
        localIndexChanged?.Invoke();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
