using Microsoft.Extensions.Logging;
using Syncthing.Engine.Config;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Model;

internal sealed partial class SyncModel
{
    /// <summary>1.19's Close reasons when a configuration change ends a connection.</summary>
    internal const string DevicePaused = "device is paused";

    internal const string DeviceRemoved = "device has been removed";

    /// <summary>
    /// Replaces the configuration, as 1.19's CommitConfiguration does for the model: connections to devices now
    /// removed or paused are closed; every other connected device is sent a new ClusterConfig, and index senders are
    /// stopped for folders no longer shared or now paused, and started for folders the peer offered that are now
    /// shared. Pending entries made obsolete are dropped.
    /// </summary>
    public async Task SetConfigurationAsync(Configuration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        await _configLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Volatile.Write(ref _configuration, configuration);
            _pending.Clean(configuration);
            foreach (var session in _current.Values.ToList())
            {
                if (session.Connection.IsClosed)
                {
                    continue;
                }

                var device = FindDevice(configuration, session.Device);
                if (device is null || device.Paused)
                {
                    await session.Connection.CloseAsync(device is null ? DeviceRemoved : DevicePaused).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    // Ready for the peer's indexes of newly shared folders before our ClusterConfig tells it about them.
                    var applied = session.ApplyConfigurationAsync(configuration);
                    await session.SendClusterConfigAsync(() => BuildClusterConfig(session.Device), cancellationToken).ConfigureAwait(false);
                    await applied.ConfigureAwait(false);
                }
                catch (Exception e) when (e is BepProtocolException or ObjectDisposedException)
                {
                    // The connection ended meanwhile; its session is being torn down.
                    _logger.LogDebug("Configuration change not sent to {Device}: {Error}", session.Device.Short, e.Message);
                }
            }
        }
        finally
        {
            _configLock.Release();
        }
    }
}
