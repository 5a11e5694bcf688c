using System.Collections.Concurrent;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Tests.Puller;

/// <summary>Serves block requests from a file system (the remote side), counting requests and bytes.</summary>
internal sealed class FakeFetcher(IFileSystem source) : IBlockFetcher
{
    private long _bytes;
    private int _requests;

    public HashSet<DeviceId> Connected { get; } = [];

    /// <summary>Devices whose answers are corrupted (one byte flipped).</summary>
    public ConcurrentDictionary<DeviceId, bool> Corrupting { get; } = new();

    public long BytesRequested => Interlocked.Read(ref _bytes);

    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentBag<(DeviceId Device, string Name, long Offset)> Log { get; } = [];

    public IReadOnlyCollection<DeviceId> ConnectedDevices(string folder) => Connected;

    public Task<FetchedBlock> RequestAsync(DeviceId device, string folder, string name, BlockRef block, CancellationToken cancellationToken)
    {
        var (offset, size) = (block.Offset, block.Size);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, size);
        Log.Add((device, name, offset));
        if (!Connected.Contains(device))
        {
            throw new BlockFetchException("not connected");
        }

        var data = new byte[size];
        try
        {
            using var stream = source.OpenRead(name);
            stream.Position = offset;
            stream.ReadExactly(data);
        }
        catch (Exception e) when (e is FsException or EndOfStreamException)
        {
            throw new BlockFetchException("no such file", e);
        }

        if (Corrupting.ContainsKey(device))
        {
            data[0] ^= 0xFF;
        }

        return Task.FromResult(new FetchedBlock(data));
    }
}
