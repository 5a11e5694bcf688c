using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Bundles;

internal static partial class BundleImporter
{
    /// <summary>
    /// WhatIf: verifies the bundle exactly as <see cref="ImportFileAsync"/> does, then lists what importing it would
    /// do to our folders, reading the index and never writing it or the folders (docs/BUNDLES.md, "Preview").
    /// </summary>
    /// <exception cref="BundleException">The import would be refused for the same reason; nothing was changed.</exception>
    public static async Task<BundlePreview> PreviewFileAsync(
        IIndexStore store,
        DeviceIdentity us,
        IReadOnlySet<DeviceId> trusted,
        string path,
        Func<string, BundleImportFolder?> folders,
        string? password,
        CancellationToken cancellationToken)
    {
        var stream = BundlePartReader.Open(path);
        await using (stream.ConfigureAwait(false))
        {
            return await PreviewAsync(store, us, trusted, stream, folders, password, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><see cref="PreviewFileAsync"/> on a seekable stream (which stays the caller's).</summary>
    public static async Task<BundlePreview> PreviewAsync(
        IIndexStore store,
        DeviceIdentity us,
        IReadOnlySet<DeviceId> trusted,
        Stream bundle,
        Func<string, BundleImportFolder?> folders,
        string? password,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(us);
        ArgumentNullException.ThrowIfNull(folders);
        var source = await BundleCrypto.OpenAsync(bundle, password, cancellationToken).ConfigureAwait(false);
        try
        {
            var (reader, resolved) = await OpenCheckedAsync(us, trusted, source, folders, cancellationToken).ConfigureAwait(false);
            var header = reader.Header;
            var items = new List<BundlePreviewItem>();
            var previews = new List<BundlePreviewFolder>();
            for (var i = 0; i < header.Folders.Count; i++)
            {
                if (resolved[i] is { } target)
                {
                    previews.Add(PreviewFolder(store, reader, i, target, items, cancellationToken));
                }
            }

            return new BundlePreview(
                header.Exporter,
                header.Full,
                items,
                [.. header.Folders.Where((_, i) => resolved[i] is null).Select(f => f.Folder)],
                previews);
        }
        finally
        {
            if (!ReferenceEquals(source, bundle))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static BundlePreviewFolder PreviewFolder(
        IIndexStore store,
        BundleReader reader,
        int folderIndex,
        BundleImportFolder target,
        List<BundlePreviewItem> items,
        CancellationToken cancellationToken)
    {
        var header = reader.Header;
        var range = header.Folders[folderIndex];
        var folder = range.Folder;
        var before = store.GetRemoteIndex(folder, header.Exporter);
        var indexChanged = before.IndexId != range.IndexId;
        var held = indexChanged ? 0 : before.MaxSequence;
        var stale = indexChanged ? [] : StaleNames(store, reader, folderIndex, held, cancellationToken);
        var replaceAll = header.Full && range.ToSequence > held;
        var after = replaceAll ? -1 : held;
        var gap = !replaceAll && !header.Full && range.FromSequence > held ? new BundleGap(held, range.FromSequence) : null;
        long fresh = 0;
        long alreadyHeld = 0;
        foreach (var (index, record) in reader.Records(cancellationToken))
        {
            if (index != folderIndex)
            {
                continue;
            }

            if (record.Sequence <= after || stale.Contains(record.Name))
            {
                alreadyHeld++;
                continue;
            }

            fresh++;
            if (target.Ignores is { } ignores && (ignores.ShouldIgnore(record.Name) || ignores.Match(record.Name).IsIgnored))
            {
                continue;
            }

            if (Predict(store.GetLocal(folder, record.Name), store.GetGlobal(folder, record.Name), record) is { } change)
            {
                var type = record.IsDirectory ? "directory" : record.IsSymlink ? "symlink" : "file";
                items.Add(new BundlePreviewItem(folder, record.Name, change, type, record.Size));
            }
        }

        return new BundlePreviewFolder(range, held, fresh, alreadyHeld, gap);
    }

    /// <summary>
    /// What the pull does to our copy once the exporter announces <paramref name="theirs"/>: nothing unless it becomes
    /// the global version and we then need it (the online rules: <see cref="GlobalSelector"/>); a conflict when our
    /// existing copy is concurrent with it.
    /// </summary>
    internal static BundleChange? Predict(FileRecord? local, FileRecord? global, FileRecord theirs)
    {
        if (global is not null && !BecomesGlobal(theirs, global))
        {
            return null;
        }

        if (!GlobalSelector.Need(theirs.IsInvalid, theirs.Deleted, theirs.Version, local is not null, local?.Version))
        {
            return null;
        }

        var present = local is { Deleted: false };
        if (present && local!.Version.IsConcurrentWith(theirs.Version))
        {
            return BundleChange.Conflict;
        }

        if (theirs.Deleted)
        {
            return present ? BundleChange.Delete : null;
        }

        return present ? BundleChange.Update : BundleChange.Create;
    }

    private static bool BecomesGlobal(FileRecord theirs, FileRecord global)
    {
        if (theirs.IsInvalid != global.IsInvalid)
        {
            return !theirs.IsInvalid;
        }

        return theirs.Version.Compare(global.Version) switch
        {
            Ordering.Greater => true,
            Ordering.Equal or Ordering.Lesser => false,
            _ => GlobalSelector.Beats(Candidate(theirs, 1), Candidate(global, 0)),
        };
    }

    private static GlobalCandidate Candidate(FileRecord record, long key) =>
        new(key, record.Version, record.IsInvalid, record.Deleted, record.ModifiedSeconds, record.ModifiedNanos);
}
