using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using WireFileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Model;

/// <summary>
/// Announces our index of one folder to one connected device (brief §3.3): first everything after the point the
/// peer says it has seen (an Index first when that point is 0), then each new local change as IndexUpdates. Entries
/// go out in strictly ascending sequence order, batched by count and size. Runs until disposed or the connection ends.
/// </summary>
internal sealed class IndexSender : IAsyncDisposable
{
    private readonly BepConnection _connection;
    private readonly IIndexStore _store;
    private readonly ILocalIndexNotifier _notifier;
    private readonly Task _readyToSend;
    private readonly SyncModelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _sentUpTo;
    private Task? _loop;

    /// <param name="startAfter">The highest sequence the peer already has from us; 0 sends everything, Index first.</param>
    /// <param name="readyToSend">Completes once our ClusterConfig has been written: nothing may precede it.</param>
    public IndexSender(
        BepConnection connection, string folder, long startAfter, IIndexStore store, ILocalIndexNotifier notifier,
        Task readyToSend, SyncModelOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        Folder = folder;
        _sentUpTo = startAfter;
        _store = store;
        _notifier = notifier;
        _readyToSend = readyToSend;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Folder { get; }

    /// <summary>The highest sequence sent (or known to the peer) so far.</summary>
    public long SentUpTo => Interlocked.Read(ref _sentUpTo);

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _readyToSend.WaitAsync(cancellationToken).ConfigureAwait(false);

            // Subscribe before the first send so that a change committed meanwhile is not missed.
            using var subscription = _notifier.Subscribe(Folder, () => _changed.Writer.TryWrite(true));
            await SendChangesAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_store.GetLocalMaxSequence(Folder) <= SentUpTo)
                {
                    await WaitForChangeAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await SendChangesAsync(cancellationToken).ConfigureAwait(false);

                // Let a burst of changes accumulate into the next batch (1.19 does the same).
                await Task.Delay(_options.IndexSendDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _connection.IsClosed)
        {
            // Stopped: the folder was unshared, a new ClusterConfig arrived, or the connection closed.
        }
        catch (BepProtocolException e)
        {
            _logger.LogDebug("Index sender for {Folder} to {Device} stopped: {Error}", Folder, _connection.RemoteDevice.Short, e.Message);
        }
        catch (Exception e) when (e is IndexStoreException or ObjectDisposedException)
        {
            _logger.LogWarning(e, "Index sender for {Folder} to {Device} failed", Folder, _connection.RemoteDevice.Short);
            _ = _connection.CloseAsync($"sending index for {Folder}: {e.Message}");
        }
    }

    private async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        using var poll = new CancellationTokenSource(_options.IndexPollInterval, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token);
        try
        {
            await _changed.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed: look at the store again.
        }

        _changed.Reader.TryRead(out _);
    }

    /// <summary>Sends every local entry newer than <see cref="SentUpTo"/>.</summary>
    private async Task SendChangesAsync(CancellationToken cancellationToken)
    {
        var batch = new Batch(Folder, isIndex: SentUpTo == 0, SentUpTo);
        var cursor = SentUpTo;
        var previousWasDelete = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = _store.LocalChangesSince(Folder, cursor, _options.ReadPageSize).ToList();
            if (page.Count == 0)
            {
                break;
            }

            foreach (var record in page)
            {
                if (record.Sequence <= cursor)
                {
                    // The store broke its ordering promise; sending would violate BEP. Stop this round.
                    _logger.LogWarning("Non-increasing sequence {Sequence} after {Cursor} in {Folder}", record.Sequence, cursor, Folder);
                    await FlushAsync(batch).ConfigureAwait(false);
                    return;
                }

                // A full batch is flushed before the next entry, except that a delete may slip in after a non-delete
                // so that a rename (new name, then deletion of the old) lands in one message.
                if (batch.IsFull(_options) && (!record.Deleted || previousWasDelete))
                {
                    batch = await FlushAsync(batch).ConfigureAwait(false);
                }

                batch.Add(WireMapping.ToWire(record));
                previousWasDelete = record.Deleted;
                cursor = record.Sequence;
            }

            if (page.Count < _options.ReadPageSize)
            {
                break;
            }
        }

        await FlushAsync(batch).ConfigureAwait(false);
    }

    /// <summary>Sends the batch if it holds anything and returns the next (always an IndexUpdate).</summary>
    private async Task<Batch> FlushAsync(Batch batch)
    {
        if (batch.Files.Count == 0)
        {
            return batch;
        }

        IMessage message = batch.IsIndex
            ? new Protocol.Wire.Index { Folder = Folder, Files = { batch.Files }, LastSequence = batch.LastSequence }
            : new IndexUpdate { Folder = Folder, Files = { batch.Files }, LastSequence = batch.LastSequence, PrevSequence = batch.PrevSequence };

        // Not cancelled by a stop of this sender: abandoning a frame half-written would corrupt the stream. The
        // connection cancels its own writes when it closes.
        await _connection.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Exchange(ref _sentUpTo, batch.LastSequence);
        _logger.LogDebug(
            "Sent {Kind} for {Folder} to {Device}: {Count} files up to sequence {Sequence}",
            batch.IsIndex ? "Index" : "IndexUpdate", Folder, _connection.RemoteDevice.Short, batch.Files.Count, batch.LastSequence);
        return new Batch(Folder, isIndex: false, batch.LastSequence);
    }

    private sealed class Batch(string folder, bool isIndex, long prevSequence)
    {
        private long _bytes;

        public string Folder { get; } = folder;

        public bool IsIndex { get; } = isIndex;

        public long PrevSequence { get; } = prevSequence;

        public long LastSequence { get; private set; } = prevSequence;

        public List<WireFileInfo> Files { get; } = [];

        public bool IsFull(SyncModelOptions options) => Files.Count >= options.MaxBatchFiles || _bytes >= options.MaxBatchBytes;

        public void Add(WireFileInfo file)
        {
            Files.Add(file);
            _bytes += file.CalculateSize();
            LastSequence = file.Sequence;
        }
    }
}
