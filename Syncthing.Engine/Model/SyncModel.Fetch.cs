using Google.Protobuf;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Model;

/// <summary>The model is the pullers' way to the network: it knows which connections exchange which folders.</summary>
internal sealed partial class SyncModel : IBlockFetcher
{
    public IReadOnlyCollection<DeviceId> ConnectedDevices(string folder)
    {
        var devices = new List<DeviceId>();
        foreach (var (device, session) in _current)
        {
            if (!session.Connection.IsClosed && session.IsExchanging(folder))
            {
                devices.Add(device);
            }
        }

        return devices;
    }

    public async Task<FetchedBlock> RequestAsync(
        DeviceId device,
        string folder,
        string name,
        BlockRef block,
        CancellationToken cancellationToken)
    {
        var (offset, size) = (block.Offset, block.Size);
        if (!_current.TryGetValue(device, out var session) || session.Connection.IsClosed)
        {
            throw new BlockFetchException($"{device.Short} is not connected");
        }

        var request = new Request
        {
            Folder = folder,
            Name = name,
            Offset = offset,
            Size = size,
            Hash = ByteString.CopyFrom(block.Hash.Span),

            // 1.19 serves data matching a non-zero weak hash without computing its SHA-256; we verify SHA-256 on
            // receipt either way (FileFetcher), so the sender's check is only there to notice a changed file.
            WeakHash = block.WeakHash,
        };
        RequestReply reply;
        try
        {
            reply = await session.Connection.RequestBlockAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BlockFetchException($"connection to {device.Short} closed during a request", e);
        }
        catch (BepProtocolException e)
        {
            throw new BlockFetchException($"request to {device.Short} failed: {e.Message}", e);
        }

        var response = reply.Response;
        if (response.Code != ErrorCode.NoError)
        {
            reply.Dispose();
            throw new BlockFetchException($"{device.Short} answered {response.Code} for {name} at {offset}");
        }

        if (response.Data.Length != size)
        {
            reply.Dispose();
            throw new BlockFetchException($"{device.Short} sent {response.Data.Length} bytes for a {size}-byte block of {name}");
        }

        // The data stays in the buffer the frame was read into until the puller has written it.
        return new FetchedBlock(response.Data.Memory, reply);
    }
}
