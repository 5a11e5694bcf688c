using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// Imports a bundle: verifies it completely (signature by a trusted device, manifest, every block) before touching
/// anything; then, per folder shared here, applies the records as an IndexUpdate from the exporter (a full bundle:
/// an Index) under the same global selection and conflict rules as online sync, skipping records whose sequence we
/// already hold; records the exporter's index ID and the sequence now held; and runs the normal puller with the
/// bundle as the exporter's block source (plus local reuse). Returns a signed receipt per folder.
/// </summary>
internal static partial class BundleImporter
{
    /// <summary>
    /// Imports from a seekable stream (which stays the caller's); an encrypted bundle needs
    /// <paramref name="password"/>, a plain one must not get one.
    /// </summary>
    /// <exception cref="BundleException">
    /// The bundle fails verification (or decryption), is not addressed to us, or the password is missing, wrong or
    /// superfluous; nothing was changed.
    /// </exception>
    public static async Task<BundleImportResult> ImportAsync(
        IIndexStore store,
        DeviceIdentity us,
        IReadOnlySet<DeviceId> trusted,
        Stream bundle,
        Func<string, BundleImportFolder?> folders,
        TimeProvider time,
        IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken,
        string? password = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(us);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(time);
        var source = await BundleCrypto.OpenAsync(bundle, password, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ImportVerifiedAsync(store, us, trusted, source, folders, time, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(source, bundle))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Imports a bundle file, or its numbered parts (<c>path.001</c>, …); see <see cref="ImportAsync"/>.</summary>
    public static async Task<BundleImportResult> ImportFileAsync(
        IIndexStore store,
        DeviceIdentity us,
        IReadOnlySet<DeviceId> trusted,
        string path,
        Func<string, BundleImportFolder?> folders,
        TimeProvider time,
        IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken,
        string? password = null)
    {
        var stream = BundlePartReader.Open(path);
        await using (stream.ConfigureAwait(false))
        {
            return await ImportAsync(store, us, trusted, stream, folders, time, progress, cancellationToken, password).ConfigureAwait(false);
        }
    }

    /// <summary>Verifies the bundle and checks it is for us and a folder is shared here (no change to anything).</summary>
    internal static async Task<(BundleReader Reader, List<BundleImportFolder?> Resolved)> OpenCheckedAsync(
        DeviceIdentity us,
        IReadOnlySet<DeviceId> trusted,
        Stream bundle,
        Func<string, BundleImportFolder?> folders,
        CancellationToken cancellationToken)
    {
        var reader = await BundleReader.OpenAsync(bundle, trusted, cancellationToken).ConfigureAwait(false);
        var header = reader.Header;
        if (header.Exporter == us.Id)
        {
            throw new BundleException("This bundle was exported by this device.");
        }

        if (!header.Targets.Contains(us.Id))
        {
            throw new BundleException($"This bundle is addressed to {string.Join(", ", header.Targets)}, not to this device ({us.Id}).");
        }

        var resolved = header.Folders.Select(f => folders(f.Folder)).ToList();
        if (resolved.All(f => f is null))
        {
            throw new BundleException($"None of the bundle's folders ({string.Join(", ", header.Folders.Select(f => f.Folder))}) is shared here.");
        }

        return (reader, resolved);
    }

    private static async Task<BundleImportResult> ImportVerifiedAsync(
        IIndexStore store,
        DeviceIdentity us,
        IReadOnlySet<DeviceId> trusted,
        Stream bundle,
        Func<string, BundleImportFolder?> folders,
        TimeProvider time,
        IProgress<BundleProgress>? progress,
        CancellationToken cancellationToken)
    {
        var (reader, resolved) = await OpenCheckedAsync(us, trusted, bundle, folders, cancellationToken).ConfigureAwait(false);
        var header = reader.Header;
        var results = new List<BundleFolderImport>();
        var fetcher = new BundleBlockFetcher(reader, header.Exporter);
        for (var i = 0; i < header.Folders.Count; i++)
        {
            if (resolved[i] is { } target)
            {
                results.Add(await ImportFolderAsync(store, us, reader, fetcher, i, target, time, cancellationToken).ConfigureAwait(false));
                progress?.Report(new BundleProgress(reader.RecordCount, fetcher.BytesServed));
            }
        }

        return new BundleImportResult(header.Exporter, header.Full, results)
        {
            NotShared = [.. header.Folders.Where((_, i) => resolved[i] is null).Select(f => f.Folder)],
        };
    }

    private static async Task<BundleFolderImport> ImportFolderAsync(
        IIndexStore store,
        DeviceIdentity us,
        BundleReader reader,
        BundleBlockFetcher fetcher,
        int folderIndex,
        BundleImportFolder target,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var header = reader.Header;
        var range = header.Folders[folderIndex];
        var folder = range.Folder;
        var exporter = header.Exporter;
        var before = store.GetRemoteIndex(folder, exporter);
        var indexChanged = before.IndexId != range.IndexId;
        if (indexChanged)
        {
            // A new index ID: what we held of the old one says nothing about this one (the delta-index rule).
            store.SetRemoteIndexId(folder, exporter, range.IndexId, cancellationToken);
        }

        var held = indexChanged ? 0 : before.MaxSequence;
        long applied = 0;
        long alreadyHeld = 0;
        BundleGap? gap = null;
        long heldAfter;
        var stale = indexChanged ? [] : StaleNames(store, reader, folderIndex, held, cancellationToken);
        IEnumerable<FileRecord> Fresh(long after) => reader.Records(cancellationToken)
            .Where(r => r.Folder == folderIndex)
            .Select(r => r.Record)
            .Where(r =>
            {
                var fresh = r.Sequence > after && !stale.Contains(r.Name);
                _ = fresh ? applied++ : alreadyHeld++;
                return fresh;
            });

        if (header.Full && range.ToSequence > held)
        {
            store.ApplyRemote(folder, exporter, Fresh(-1), replaceAll: true, cancellationToken);
            heldAfter = range.ToSequence;
        }
        else
        {
            if (!header.Full && range.FromSequence > held)
            {
                gap = new BundleGap(held, range.FromSequence);
            }

            store.ApplyRemote(folder, exporter, Fresh(held), replaceAll: false, cancellationToken);
            heldAfter = gap is null ? Math.Max(held, range.ToSequence) : held;
        }

        store.SetRemoteMaxSequence(folder, exporter, heldAfter);
        var puller = new FolderPuller(folder, target.Fs, store, fetcher, us.Id.Short, target.Options, time, null, target.LocalIndexChanged);
        var served = fetcher.BytesServed;
        var pull = await puller.PullAsync(target.Ignores, cancellationToken).ConfigureAwait(false);

        // Items of this bundle that could not be pulled (a block the exporter expected us to have was gone): hold
        // less, so the exporter's next incremental bundle carries those records again.
        foreach (var error in pull.Errors)
        {
            if (store.GetRemote(folder, exporter, error.Name) is { } theirs && theirs.Sequence > held && theirs.Sequence <= heldAfter)
            {
                heldAfter = Math.Min(heldAfter, theirs.Sequence - 1);
            }
        }

        store.SetRemoteMaxSequence(folder, exporter, heldAfter);
        var receipt = new BundleReceipt(us.Id, exporter, folder, range.IndexId, heldAfter, time.GetUtcNow());
        return new BundleFolderImport
        {
            Range = range,
            HeldBefore = held,
            HeldAfter = heldAfter,
            RecordsApplied = applied,
            RecordsAlreadyHeld = alreadyHeld,
            Gap = gap,
            Pull = pull,
            BytesFromBundle = fetcher.BytesServed - served,
            Receipt = receipt,
            SignedReceipt = receipt.Encode(us),
        };
    }

    /// <summary>
    /// Names for which we already hold a newer record of the exporter's index than the bundle's (an older bundle
    /// imported after a newer one, past a gap): applying them would step the exporter's entry back.
    /// </summary>
    private static HashSet<string> StaleNames(IIndexStore store, BundleReader reader, int folderIndex, long held, CancellationToken cancellationToken)
    {
        var folder = reader.Header.Folders[folderIndex].Folder;
        var stale = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (index, record) in reader.Records(cancellationToken))
        {
            if (index == folderIndex && record.Sequence > held &&
                store.GetRemote(folder, reader.Header.Exporter, record.Name) is { } current && current.Sequence >= record.Sequence)
            {
                stale.Add(record.Name);
            }
        }

        return stale;
    }
}
