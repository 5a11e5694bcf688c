using System.Threading.Channels;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// Brings our index entries of one folder in line with its files (Syncthing 1.19 <c>folder.scanSubdirs</c> with
/// <c>scanner.Walk</c>, brief §4, §5.4, §7, §12): new and changed items get new records with our counter bumped,
/// vanished ones become deletions, newly ignored ones get <see cref="LocalFlags.Ignored"/>.
/// </summary>
/// <remarks>
/// <para>
/// Shape: one walker (the calling task) lists one directory at a time and compares it with that directory's index
/// children (<see cref="IIndexStore.LocalChildren"/>), so memory holds one directory, not the folder. Files that
/// need hashing go through a bounded channel to <see cref="FolderScanOptions.Hashers"/> workers; large files are
/// further split by <see cref="BlockHasher"/>. Records are written in bounded batches (<see cref="ScanBatch"/>).
/// </para>
/// <para>
/// Symlinks are recorded, never followed. Temporary files and <c>.stfolder</c>/<c>.stignore</c>/<c>.stversions</c>
/// are never indexed. Names that are not canonical wire names (not NFC, backslash, control characters) are skipped
/// and reported. A file that changes while it is hashed is retried and, if it keeps changing, skipped and reported:
/// a block list is only published when the stat before and after hashing agree, so it matches one content.
/// </para>
/// <para>
/// Cancellation stops the walk and the hashers and throws; batches already written are complete records, and the
/// unwritten rest is found again by the next scan, so the index stays consistent. One scan at a time per instance.
/// </para>
/// </remarks>
internal sealed partial class FolderScanner
{
    private readonly string _folder;
    private readonly IFileSystem _fs;
    private readonly ShortId _us;
    private readonly IIndexStore _store;
    private readonly IgnoreMatcher? _fixedIgnores;
    private readonly IgnoreOptions _ignoreOptions;
    private readonly FolderScanOptions _options;
    private readonly TimeProvider _time;
    private readonly BlockHasher _hasher;

    /// <param name="ignores">
    /// The patterns to use; null loads <c>.stignore</c> (with its includes) through <paramref name="fileSystem"/> at
    /// the start of every scan using <paramref name="ignoreOptions"/>; a parse error then fails the scan, as in 1.19.
    /// </param>
    public FolderScanner(
        string folderId,
        IFileSystem fileSystem,
        ShortId localShortId,
        IIndexStore store,
        IgnoreMatcher? ignores,
        FolderScanOptions options,
        TimeProvider timeProvider,
        IgnoreOptions? ignoreOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderId);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _folder = folderId;
        _fs = fileSystem;
        _us = localShortId;
        _store = store;
        _fixedIgnores = ignores;
        _ignoreOptions = ignoreOptions ?? IgnoreOptions.Default;
        _options = options;
        _time = timeProvider;
        _hasher = new BlockHasher(options.Hasher);
    }

    /// <summary>The patterns used by the last scan (loaded or given).</summary>
    public IgnoreMatcher? Ignores { get; private set; }

    /// <summary>
    /// Scans the whole folder, or only <paramref name="subPaths"/> (canonical names, e.g. from the watcher) and
    /// everything below them. A sub-path whose parent directory is not in the index is widened to the nearest
    /// known ancestor (1.19 <c>unifySubs</c>); "" or "." means the whole folder.
    /// </summary>
    /// <exception cref="IgnoreParseException">The folder's ignore file could not be parsed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the index holds whatever batches were complete.</exception>
    public async Task<ScanResult> ScanAsync(
        IReadOnlyList<string>? subPaths, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ignores = _fixedIgnores ?? FolderIgnores.Load(_fs, _ignoreOptions).GetMatcherOrThrow();
        Ignores = ignores;
        var counters = new ScanCounters(_options.MaxReportedErrors);
        var subs = ScanSubPaths.Unify(subPaths, name => _store.GetLocal(_folder, name) is not null, counters);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<HashJob>(new BoundedChannelOptions(_options.Hashers * 2)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var run = new ScanRun(ignores, counters, new ScanBatch(_store, _folder, _options.BatchMaxRecords, _options.BatchMaxBlocks),
            queue.Writer, progress, stop.Token);
        var workers = new Task[_options.Hashers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => HashWorkerAsync(run, queue.Reader, stop), CancellationToken.None);
        }

        try
        {
            foreach (var sub in subs)
            {
                await ScanSubAsync(run, sub).ConfigureAwait(false);
            }

            queue.Writer.Complete();
        }
        catch (Exception ex)
        {
            queue.Writer.TryComplete(ex);
            await stop.CancelAsync().ConfigureAwait(false);
            await WhenAllQuietly(workers).ConfigureAwait(false);
            ThrowFirstWorkerFault(workers);
            throw;
        }

        await WhenAllQuietly(workers).ConfigureAwait(false);
        ThrowFirstWorkerFault(workers);
        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        run.Batch.Flush(cancellationToken);
        progress?.Report(counters.Progress());
        return counters.ToResult();
    }

    private static async Task WhenAllQuietly(Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Inspected by ThrowFirstWorkerFault; the walker's own exception is rethrown otherwise.
        }
    }

    private static void ThrowFirstWorkerFault(Task[] workers)
    {
        foreach (var worker in workers)
        {
            if (worker.IsFaulted && worker.Exception?.InnerException is { } fault and not OperationCanceledException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(fault).Throw();
            }
        }
    }

    private DateTimeOffset Now() => _time.GetUtcNow();

    /// <summary>A file to hash, with the stat the walker saw and our index entry (null when new).</summary>
    private sealed record HashJob(FileEntry Entry, FileRecord? Existing);

    /// <summary>State shared by the walker and the hashers during one scan.</summary>
    private sealed record ScanRun(
        IgnoreMatcher Ignores,
        ScanCounters Counters,
        ScanBatch Batch,
        ChannelWriter<HashJob> HashQueue,
        IProgress<ScanProgress>? Progress,
        CancellationToken Token)
    {
        public void Report() => Progress?.Report(Counters.Progress());
    }
}
