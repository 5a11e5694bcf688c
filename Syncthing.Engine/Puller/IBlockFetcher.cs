using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Puller;

/// <summary>
/// The puller's view of the network: which devices are connected and exchanging a folder's index right now, and a
/// way to request one block from one of them. The model implements it over BEP connections; tests use fakes.
/// </summary>
internal interface IBlockFetcher
{
    /// <summary>Devices connected now that share the folder with us (ClusterConfig exchanged).</summary>
    IReadOnlyCollection<DeviceId> ConnectedDevices(string folder);

    /// <summary>
    /// Requests <paramref name="block"/> (its offset and size; its hashes let the device check its data) of
    /// <paramref name="name"/> from <paramref name="device"/>. Returns the data as received, which the caller verifies, writes and then releases by
    /// disposing the block; throws
    /// <see cref="BlockFetchException"/> when the device answers with an error code, sends a wrong length, or the
    /// connection goes away.
    /// </summary>
    Task<FetchedBlock> RequestAsync(
        DeviceId device,
        string folder,
        string name,
        BlockRef block,
        CancellationToken cancellationToken);
}
