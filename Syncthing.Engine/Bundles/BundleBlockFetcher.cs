using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Bundles;

/// <summary>
/// The puller's block source during an import: the bundle's exporter appears as the one connected device, and its
/// "requests" are answered from the bundle by SHA-256 (the puller verifies every block again). A block the bundle
/// does not carry is refused like a peer refusing a request, so the item fails and stays needed.
/// </summary>
internal sealed class BundleBlockFetcher(BundleReader reader, DeviceId exporter) : IBlockFetcher
{
    private readonly DeviceId[] _devices = [exporter];
    private long _bytes;

    public long BytesServed => Interlocked.Read(ref _bytes);

    public IReadOnlyCollection<DeviceId> ConnectedDevices(string folder) => _devices;

    public Task<FetchedBlock> RequestAsync(DeviceId device, string folder, string name, BlockRef block, CancellationToken cancellationToken)
    {
        var (size, hash) = (block.Size, block.Hash);
        cancellationToken.ThrowIfCancellationRequested();
        var data = device == exporter ? reader.ReadBlock(hash.Span) : null;
        if (data is null || data.Length != size)
        {
            throw new BlockFetchException($"the bundle does not carry block {Convert.ToHexString(hash.Span)[..16]}… of {name}");
        }

        Interlocked.Add(ref _bytes, size);
        return Task.FromResult(new FetchedBlock(data));
    }
}
