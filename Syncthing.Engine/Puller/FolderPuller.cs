using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Puller;

/// <summary>
/// One send-receive folder's puller (1.19 <c>sendReceiveFolder.pullerIteration</c>, brief §6): takes the need list,
/// creates directories and symlinks at once (parents sort before children), applies metadata-only changes, pulls
/// files (renames detected through identical blocks of a file being deleted; otherwise blocks copied locally or
/// downloaded), then deletes files and finally directories, deepest first. Nothing on disk is replaced or deleted
/// unless it is exactly what our index says (<see cref="LocalGuard"/>); a concurrent local version becomes a
/// conflict copy. Finished items are recorded as ours with the global version.
/// </summary>
internal sealed partial class FolderPuller
{
    private readonly string _folder;
    private readonly IFileSystem _fs;
    private readonly IIndexStore _store;
    private readonly IBlockFetcher _fetcher;
    private readonly ShortId _us;
    private readonly PullOptions _options;
    private readonly TimeProvider _time;
    private readonly IPullObserver? _observer;
    private readonly Action? _localIndexChanged;
    private readonly ILogger _logger;
    private readonly ByteBudget _budget;
    private readonly ConflictMover _conflicts;

    public FolderPuller(
        string folder,
        IFileSystem fs,
        IIndexStore store,
        IBlockFetcher fetcher,
        ShortId us,
        PullOptions options,
        TimeProvider time,
        IPullObserver? observer = null,
        Action? localIndexChanged = null,
        ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _folder = folder;
        _fs = fs ?? throw new ArgumentNullException(nameof(fs));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        _us = us;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _observer = observer;
        _localIndexChanged = localIndexChanged;
        _logger = logger ?? NullLogger.Instance;
        _budget = new ByteBudget(options.MaxPendingBytes);
        _conflicts = new ConflictMover(fs, time, options.MaxConflicts);
    }

    /// <summary>Runs one pull iteration over everything we need now.</summary>
    public async Task<PullResult> PullAsync(IgnoreMatcher? ignores, CancellationToken cancellationToken)
    {
        var needs = new List<NeedItem>();
        foreach (var record in _store.Need(_folder))
        {
            needs.Add(NeedItem.Of(record));
        }

        var run = new Run(_folder, _fs, _store, _options, _localIndexChanged, new FileFetcher(_folder, _fs, _store, _fetcher, _budget, _options));
        var files = new List<NeedItem>();
        var fileDeletes = new List<NeedItem>();
        var dirDeletes = new List<NeedItem>();
        foreach (var item in needs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ignores is not null && (ignores.ShouldIgnore(item.Name) || ignores.Match(item.Name).IsIgnored))
            {
                Do(run, item, PullAction.Metadata, () => RecordIgnored(run, item, cancellationToken));
                continue;
            }

            if (item.Deleted)
            {
                if (!_options.IgnoreDelete)
                {
                    (item.Kind == FileKind.Directory ? dirDeletes : fileDeletes).Add(item);
                }

                continue;
            }

            switch (item.Kind)
            {
                case FileKind.Directory:
                    Do(run, item, PullAction.Update, () => HandleDirectory(run, item, cancellationToken));
                    break;
                case FileKind.Symlink:
                    Do(run, item, PullAction.Update, () => HandleSymlink(run, item, cancellationToken));
                    break;
                default:
                    files.Add(item);
                    break;
            }
        }

        var renameSources = RenameCandidates(fileDeletes);
        await PullFilesAsync(run, Order(files), renameSources, cancellationToken).ConfigureAwait(false);

        foreach (var item in fileDeletes.Where(d => !run.Consumed(d.Name)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Do(run, item, PullAction.Delete, () => DeleteFile(run, item, cancellationToken));
        }

        foreach (var item in dirDeletes.OrderByDescending(d => d.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Do(run, item, PullAction.Delete, () => DeleteDirectory(run, item, cancellationToken));
        }

        run.Batch.Flush(cancellationToken);
        return run.Result(needs.Count);
    }

    private List<NeedItem> Order(List<NeedItem> files) => _options.Order switch
    {
        PullOrder.Alphabetic => [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)],
        PullOrder.SmallestFirst => [.. files.OrderBy(f => f.Size)],
        PullOrder.LargestFirst => [.. files.OrderByDescending(f => f.Size)],
        PullOrder.OldestFirst => [.. files.OrderBy(f => f.ModifiedSeconds)],
        PullOrder.NewestFirst => [.. files.OrderByDescending(f => f.ModifiedSeconds)],
        _ => Shuffled(files),
    };

    private static List<NeedItem> Shuffled(List<NeedItem> files)
    {
        var shuffled = files.ToArray();
        Random.Shared.Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>Files we are about to delete, by the blocks hash of our copy: a needed file with the same blocks is a rename.</summary>
    private ConcurrentDictionary<string, ConcurrentBag<string>> RenameCandidates(List<NeedItem> fileDeletes)
    {
        var byHash = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        foreach (var item in fileDeletes)
        {
            if (_store.GetLocal(_folder, item.Name) is { IsFile: true, Deleted: false, IsInvalid: false } local && local.Size > 0)
            {
                byHash.GetOrAdd(BlocksKey(local), _ => []).Add(local.Name);
            }
        }

        return byHash;
    }

    private static string BlocksKey(FileRecord record) => Convert.ToHexString(BlocksHash.Compute(record.Blocks.AsSpan()));

    private void Do(Run run, NeedItem item, PullAction action, Action work)
    {
        var type = TypeName(item.Kind);
        _observer?.ItemStarted(_folder, item.Name, type, action);
        string? error = null;
        try
        {
            work();
        }
        catch (Exception e) when (e is PullFailedException or FsException or IOException or UnauthorizedAccessException)
        {
            error = run.Fail(item.Name, e);
            _logger.LogInformation("Puller ({Folder}): {Name}: {Error}", _folder, item.Name, error);
        }

        _observer?.ItemFinished(_folder, item.Name, type, action, error);
    }

    private static string TypeName(FileKind kind) => kind switch
    {
        FileKind.Directory => "dir",
        FileKind.Symlink => "symlink",
        _ => "file",
    };

    private FileRecord Global(NeedItem item) =>
        _store.GetGlobal(_folder, item.Name) ?? throw new PullFailedException("no longer in the global index");

    private void RecordIgnored(Run run, NeedItem item, CancellationToken cancellationToken)
    {
        var global = Global(item);
        run.Batch.Add(global with { LocalFlags = LocalFlags.Ignored, Size = 0, Blocks = [], LocalInode = null }, nameChanged: false, cancellationToken);
    }
}
