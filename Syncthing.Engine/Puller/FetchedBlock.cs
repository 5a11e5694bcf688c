namespace Syncthing.Engine.Puller;

/// <summary>
/// A block's data as a fetcher received it, and what holds that memory (for a block from the network, the rented
/// buffer the Response was read into). The puller verifies and writes the data, then disposes the block, which
/// returns the buffer; the data must not be read afterwards.
/// </summary>
internal sealed class FetchedBlock : IDisposable
{
    private IDisposable? _lease;

    public FetchedBlock(ReadOnlyMemory<byte> data, IDisposable? lease = null)
    {
        Data = data;
        _lease = lease;
    }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Releases the memory behind <see cref="Data"/>. Idempotent.</summary>
    public void Dispose() => Interlocked.Exchange(ref _lease, null)?.Dispose();
}
