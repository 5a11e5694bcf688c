using Syncthing.Engine.Fs;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

internal sealed partial class FolderScanner
{
    /// <summary>Scans one subtree: the whole folder for "", else the item at <paramref name="sub"/> and below.</summary>
    private async Task ScanSubAsync(ScanRun run, string sub)
    {
        if (sub.Length == 0)
        {
            await ScanDirectoryAsync(run, PathNames.Root).ConfigureAwait(false);
            return;
        }

        FileEntry? entry;
        try
        {
            entry = _fs.TryLstat(sub);
        }
        catch (FsException ex) when (ex.Kind is FsErrorKind.TraversesSymlink or FsErrorKind.NotADirectory)
        {
            // Below a symlink (or a file): 1.19 skips walking it; its index entries are handled by a scan of the
            // parent, which records the parent as what it now is.
            run.Counters.Skip(sub, ex.Reason);
            return;
        }

        var known = new Dictionary<string, FileRecord>(StringComparer.Ordinal);
        if (_store.GetLocal(_folder, sub) is { } existing)
        {
            known.Add(sub, existing);
        }

        await ScanItemsAsync(run, entry is null ? [] : [entry], known).ConfigureAwait(false);
    }

    /// <summary>Lists a directory and reconciles it with its index children. True when something in it is kept.</summary>
    private async Task<bool> ScanDirectoryAsync(ScanRun run, string directory)
    {
        run.Token.ThrowIfCancellationRequested();
        IReadOnlyList<FileEntry> entries;
        try
        {
            entries = _fs.ListDirectory(directory);
        }
        catch (FsException ex)
        {
            // Unreadable: leave its index entries alone (they are not known to be gone) and report it.
            run.Counters.Skip(PathNames.Describe(directory), ex.Reason);
            return true;
        }

        run.Counters.AddWalked(entries.Count);
        run.Report();
        var known = new Dictionary<string, FileRecord>(StringComparer.Ordinal);
        foreach (var child in _store.LocalChildren(_folder, directory))
        {
            known[child.Name] = child;
        }

        return await ScanItemsAsync(run, entries, known).ConfigureAwait(false);
    }

    /// <summary>
    /// Reconciles items found on disk with the index entries of the same names (<paramref name="known"/>, consumed):
    /// every entry left over has no usable counterpart on disk and becomes a deletion or is marked ignored.
    /// </summary>
    private async Task<bool> ScanItemsAsync(ScanRun run, IReadOnlyList<FileEntry> entries, Dictionary<string, FileRecord> known)
    {
        var anyKept = false;
        HashSet<string>? walkedIgnored = null;
        foreach (var entry in entries)
        {
            run.Token.ThrowIfCancellationRequested();
            var name = entry.Name;
            if (InternalNames.IsTemporary(name) || InternalNames.IsInternal(name))
            {
                continue;
            }

            if (PathNames.ValidateWireName(name) is { } reason)
            {
                run.Counters.Skip(name, reason);
                continue;
            }

            if (entry.Kind == FileEntryKind.Other)
            {
                // Sockets, FIFOs, devices are never synced; like 1.19 we neither index nor delete the name.
                known.Remove(name);
                continue;
            }

            if (run.Ignores.Match(name).IsIgnored)
            {
                // An ignored directory is entered only when a '!' pattern could re-include something inside it;
                // if that happens the directory itself is kept as an ordinary item (1.19 "ignoredParent").
                if (entry.IsDirectory && !run.Ignores.SkipIgnoredDirs)
                {
                    (walkedIgnored ??= new(StringComparer.Ordinal)).Add(name);
                    if (await ScanDirectoryAsync(run, name).ConfigureAwait(false))
                    {
                        known.Remove(name, out var kept);
                        await RecordAsync(run, entry, kept, descend: false).ConfigureAwait(false);
                        anyKept = true;
                    }
                }

                continue;
            }

            known.Remove(name, out var existing);
            await RecordAsync(run, entry, existing, descend: true).ConfigureAwait(false);
            anyKept = true;
        }

        foreach (var leftover in known.Values.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            HandleNotOnDisk(run, leftover, subtreeWalked: walkedIgnored?.Contains(leftover.Name) == true);
        }

        return anyKept;
    }

    /// <summary>Compares one item with its index entry; queues files for hashing, records the rest at once.</summary>
    private async Task RecordAsync(ScanRun run, FileEntry entry, FileRecord? existing, bool descend)
    {
        string? target = null;
        if (entry.IsSymlink)
        {
            try
            {
                target = _fs.ReadSymlink(entry.Name);
            }
            catch (FsException ex)
            {
                run.Counters.Skip(entry.Name, ex.Reason);
                return;
            }
        }

        // The old entry was a directory and the item no longer is: everything recorded below it is gone.
        if (!entry.IsDirectory && existing is { IsDirectory: true })
        {
            HandleSubtreeNotOnDisk(run, existing.Name, ignoredDirectory: false);
        }

        var unchanged = existing is not null &&
            ScanRecords.IsUnchanged(existing, entry, target, _options.IgnorePerms, _options.DetectInodeChanges);
        if (unchanged)
        {
            run.Counters.AddUnchanged();
        }
        else if (entry.IsFile)
        {
            await run.HashQueue.WriteAsync(new HashJob(entry, existing), run.Token).ConfigureAwait(false);
        }
        else
        {
            Write(run, ScanRecords.NonFile(entry, target, existing, _us, Now(), _options.IgnorePerms), existing);
        }

        if (descend && entry.IsDirectory)
        {
            await ScanDirectoryAsync(run, entry.Name).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An index entry with nothing usable on disk under its name: ignored now → flagged ignored; otherwise a
    /// deletion (1.19 <c>scanSubdirsDeletedAndIgnored</c>). A directory's recorded subtree is handled first,
    /// unless the walker already went through it.
    /// </summary>
    private void HandleNotOnDisk(ScanRun run, FileRecord record, bool subtreeWalked)
    {
        var ignored = run.Ignores.ShouldIgnore(record.Name);
        if (record.IsDirectory && !subtreeWalked)
        {
            HandleSubtreeNotOnDisk(run, record.Name, ignoredDirectory: ignored);
        }

        Classify(run, record, ignored, mayExist: false);
    }

    /// <summary>
    /// Our entries below a directory that was not walked. Below an ignored directory that was skipped, entries
    /// the patterns do not ignore may still exist on disk; they are left alone rather than deleted.
    /// </summary>
    private void HandleSubtreeNotOnDisk(ScanRun run, string directory, bool ignoredDirectory)
    {
        foreach (var record in _store.LocalEntriesUnder(_folder, directory))
        {
            run.Token.ThrowIfCancellationRequested();
            Classify(run, record, run.Ignores.ShouldIgnore(record.Name), mayExist: ignoredDirectory);
        }
    }

    private void Classify(ScanRun run, FileRecord record, bool ignored, bool mayExist)
    {
        var wasIgnored = (record.LocalFlags & LocalFlags.Ignored) != 0;
        if (ignored)
        {
            if (!wasIgnored)
            {
                run.Batch.Add(ScanRecords.Ignored(record), run.Token);
                run.Counters.AddIgnored();
            }

            return;
        }

        // Already a deletion, or unsupported here: nothing to announce. A formerly ignored entry that is gone
        // becomes a deletion (with an empty version, see ScanRecords.Deleted), as in 1.19.
        if (mayExist || (!wasIgnored && (record.Deleted || (record.LocalFlags & LocalFlags.Unsupported) != 0)))
        {
            return;
        }

        run.Batch.Add(Flagged(ScanRecords.Deleted(record, _us, Now())), run.Token);
        run.Counters.AddDeleted();
    }

    private void Write(ScanRun run, FileRecord record, FileRecord? existing)
    {
        run.Batch.Add(Flagged(record), run.Token);
        if (existing is null || existing.Deleted)
        {
            run.Counters.AddNew();
        }
        else
        {
            run.Counters.AddChanged();
        }
    }

    /// <summary>In a receive-only folder, local changes carry <c>LocalFlags.ReceiveOnly</c>.</summary>
    private FileRecord Flagged(FileRecord record) =>
        _options.ReceiveOnly ? record with { LocalFlags = record.LocalFlags | LocalFlags.ReceiveOnly } : record;
}
