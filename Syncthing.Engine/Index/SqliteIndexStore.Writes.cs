using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexStore
{
    private const long Local = SqliteMigrations.LocalDeviceKey;

    public long UpdateLocal(string folder, IEnumerable<FileRecord> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Write("update", folder, w =>
        {
            var folderIdx = w.EnsureFolder(folder);
            var sequence = w.GetState(folderIdx, Local).MaxSequence;
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sequence++;
                w.Put(folderIdx, Local, file with { Sequence = sequence });
            }

            w.SetMaxSequence(folderIdx, Local, sequence);
            return sequence;
        });
    }

    public void ApplyRemote(string folder, DeviceId device, IEnumerable<FileRecord> files, bool replaceAll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        Write(replaceAll ? "index" : "index update", folder, w =>
        {
            var folderIdx = w.EnsureFolder(folder);
            var deviceIdx = w.EnsureDevice(folderIdx, device);
            var maxSequence = 0L;
            if (replaceAll)
            {
                w.DropDeviceFiles(folderIdx, deviceIdx, cancellationToken);
            }
            else
            {
                maxSequence = w.GetState(folderIdx, deviceIdx).MaxSequence;
            }

            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                w.Put(folderIdx, deviceIdx, file with { LocalFlags = LocalFlags.None, LocalInode = null });
                maxSequence = Math.Max(maxSequence, file.Sequence);
            }

            w.SetMaxSequence(folderIdx, deviceIdx, maxSequence);
            return true;
        });
    }

    public void DropDevice(string folder, DeviceId device, CancellationToken cancellationToken = default) =>
        Write("drop device", folder, w =>
        {
            var folderIdx = w.EnsureFolder(folder);
            var deviceIdx = w.EnsureDevice(folderIdx, device);
            w.DropDeviceFiles(folderIdx, deviceIdx, cancellationToken);
            w.SetMaxSequence(folderIdx, deviceIdx, 0);
            return true;
        });

    public ulong GetLocalIndexId(string folder)
    {
        var existing = ReadState(folder, null);
        if (existing.IndexId != 0)
        {
            return existing.IndexId;
        }

        return Write("create folder", folder, w => w.GetState(w.EnsureFolder(folder), Local).IndexId);
    }

    public ulong ResetLocalIndexId(string folder) =>
        Write("reset index ID", folder, w =>
        {
            var folderIdx = w.EnsureFolder(folder);
            var id = SqliteIndexWriter.NewIndexId();
            w.SetIndexId(folderIdx, Local, id);
            return id;
        });

    public long GetLocalMaxSequence(string folder) => ReadState(folder, null).MaxSequence;

    public RemoteIndexState GetRemoteIndex(string folder, DeviceId device) => ReadState(folder, device);

    public bool SetRemoteIndexId(string folder, DeviceId device, ulong indexId, CancellationToken cancellationToken = default) =>
        Write("set index ID", folder, w =>
        {
            var folderIdx = w.EnsureFolder(folder);
            var deviceIdx = w.EnsureDevice(folderIdx, device);
            if (w.GetState(folderIdx, deviceIdx).IndexId == indexId)
            {
                return false;
            }

            w.DropDeviceFiles(folderIdx, deviceIdx, cancellationToken);
            w.SetIndexId(folderIdx, deviceIdx, indexId);
            w.SetMaxSequence(folderIdx, deviceIdx, 0);
            return true;
        });

    public void SetRemoteMaxSequence(string folder, DeviceId device, long maxSequence) =>
        Write("set max sequence", folder, w =>
        {
            var folderIdx = w.EnsureFolder(folder);
            w.SetMaxSequence(folderIdx, w.EnsureDevice(folderIdx, device), maxSequence);
            return true;
        });
}
