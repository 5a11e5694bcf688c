using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

/// <summary>
/// The folder index of one node: per folder, our own entries (the local device) and every remote device's
/// entries, the global version of each name, index IDs and sequences. Every write is one transaction: either all
/// of it lands or none. Reads stream in pages, so memory does not grow with folder size. Thread-safe.
/// </summary>
/// <remarks>
/// Methods are synchronous because SQLite is: its "async" APIs complete synchronously. Writes take a token and stop
/// (rolling back) between entries. A <c>device</c> of <c>null</c> means the local device.
/// </remarks>
internal interface IIndexStore : IDisposable
{
    /// <summary>
    /// Stores changes to our own entries. Each entry gets the next local sequence, in enumeration order (the
    /// <see cref="FileRecord.Sequence"/> given is ignored); versions are the caller's. Returns the new highest sequence.
    /// </summary>
    long UpdateLocal(string folder, IEnumerable<FileRecord> files, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a remote Index (<paramref name="replaceAll"/>: everything previously stored from that device for the
    /// folder is dropped first) or IndexUpdate (upsert). Local flags are zeroed.
    /// </summary>
    void ApplyRemote(string folder, DeviceId device, IEnumerable<FileRecord> files, bool replaceAll, CancellationToken cancellationToken = default);

    /// <summary>Forgets every entry of <paramref name="device"/> in the folder and resets its max sequence to 0.</summary>
    void DropDevice(string folder, DeviceId device, CancellationToken cancellationToken = default);

    /// <summary>Our persistent random index ID for the folder (created, non-zero, on first use).</summary>
    ulong GetLocalIndexId(string folder);

    /// <summary>Replaces our index ID for the folder with a new random one and returns it.</summary>
    ulong ResetLocalIndexId(string folder);

    /// <summary>The highest sequence assigned to our entries in the folder (0 when none).</summary>
    long GetLocalMaxSequence(string folder);

    /// <summary>What we know of the device's index of the folder; (0, 0) when nothing.</summary>
    RemoteIndexState GetRemoteIndex(string folder, DeviceId device);

    /// <summary>
    /// Records the device's index ID. When it differs from the stored one, the device's entries are dropped and its
    /// max sequence reset (the receiver rule of delta indexes). Returns true when data was dropped or the ID changed.
    /// </summary>
    bool SetRemoteIndexId(string folder, DeviceId device, ulong indexId, CancellationToken cancellationToken = default);

    void SetRemoteMaxSequence(string folder, DeviceId device, long maxSequence);

    /// <summary>Our entries with sequence greater than <paramref name="sequence"/>, ascending, at most <paramref name="limit"/>.</summary>
    IEnumerable<FileRecord> LocalChangesSince(string folder, long sequence, int limit);

    FileRecord? GetLocal(string folder, string name);

    /// <summary>
    /// Our entries strictly below <paramref name="prefix"/> (names starting with <c>prefix + "/"</c>; every entry
    /// when the prefix is ""), deleted ones included, ordered by name (byte order). Streams lazily in pages, each
    /// read after the previous one was consumed, so the caller may write to the store while enumerating.
    /// </summary>
    IEnumerable<FileRecord> LocalEntriesUnder(string folder, string prefix);

    /// <summary>
    /// Like <see cref="LocalEntriesUnder"/> but only the direct children of <paramref name="directory"/> (no
    /// further '/' after <c>directory + "/"</c>); "" lists the top level. Used to compare one directory at a time.
    /// </summary>
    IEnumerable<FileRecord> LocalChildren(string folder, string directory);

    FileRecord? GetGlobal(string folder, string name);

    FileRecord? GetRemote(string folder, DeviceId device, string name);

    /// <summary>Remote devices that announce the global version of the name validly, ordered by device ID.</summary>
    IReadOnlyList<DeviceId> Availability(string folder, string name);

    /// <summary>
    /// Global entries the device (null: local) needs by 1.19's rules, ordered by name (byte order), skipping
    /// <paramref name="skip"/> and returning at most <paramref name="take"/>. Streams lazily in pages.
    /// </summary>
    IEnumerable<FileRecord> Need(string folder, DeviceId? device = null, int skip = 0, int take = int.MaxValue);

    /// <summary>
    /// Counts of valid global entries (globalFiles … globalBytes of /rest/db/status). Like the other counts, read from
    /// counters every write keeps current: a few rows, whatever the folder's size.
    /// </summary>
    IndexCounts GlobalCounts(string folder);

    /// <summary>Counts of our entries without local flags, plus receive-only changes (local* of /rest/db/status).</summary>
    IndexCounts LocalCounts(string folder);

    /// <summary>Counts of what the device (null: local) needs (need* of /rest/db/status for the local device).</summary>
    IndexCounts NeedCounts(string folder, DeviceId? device = null);

    /// <summary>/rest/db/completion for one folder and device (null: local), before download-progress adjustment.</summary>
    FolderCompletion Completion(string folder, DeviceId? device = null);

    /// <summary>
    /// Records a bundle receipt: <paramref name="device"/> holds our index <paramref name="indexId"/> of the folder up
    /// to <paramref name="sequence"/>. For the same index ID the higher sequence is kept (an old receipt arriving late
    /// does not step back); another index ID replaces what was stored. Returns what is stored afterwards.
    /// </summary>
    RemoteIndexState AcknowledgeBundle(string folder, DeviceId device, ulong indexId, long sequence);

    /// <summary>What <paramref name="device"/> last acknowledged of our index of the folder by bundle receipt; (0, 0) when nothing.</summary>
    RemoteIndexState GetBundleAcknowledgement(string folder, DeviceId device);

    /// <summary>Our valid files holding a block with <paramref name="hash"/>; all folders when folder is null.</summary>
    IEnumerable<BlockLocation> FindLocalBlocks(ReadOnlyMemory<byte> hash, string? folder = null);
}
