using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

public sealed partial class BepConnection
{
    /// <summary>Sends a Ping when we have been silent for the ping interval; closes after the receive timeout.</summary>
    private async Task KeepAliveLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        using var owned = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_time.GetElapsedTime(Interlocked.Read(ref _lastReadTimestamp)) > _options.ReceiveTimeout)
                {
                    await CloseAsync("read timeout").ConfigureAwait(false);
                    return;
                }

                // Nothing but ClusterConfig may be our first message, so no Ping before it has been sent.
                if (Volatile.Read(ref _sentClusterConfig) &&
                    _time.GetElapsedTime(Interlocked.Read(ref _lastWriteTimestamp)) >= _options.PingInterval)
                {
                    await SendAsync(new Ping(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or BepProtocolException)
        {
            // Closed.
        }
    }
}
