using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon;

/// <summary>
/// A node home opened by the offline <c>bundle</c> commands: its lock held (so a running node is never raced), its
/// identity, its configuration and the devices it trusts (every configured device but itself).
/// </summary>
internal sealed class StoppedHome : IDisposable
{
    private readonly HomeLock _lock;

    private StoppedHome(HomeLock homeLock, DeviceIdentity identity, Configuration configuration)
    {
        _lock = homeLock;
        Identity = identity;
        Configuration = configuration;
        Trusted = configuration.Devices.Select(d => d.DeviceId).Where(d => d != identity.Id).ToHashSet();
    }

    public DeviceIdentity Identity { get; }

    public Configuration Configuration { get; }

    public HashSet<DeviceId> Trusted { get; }

    /// <exception cref="InvalidOperationException">A node holds the home's lock but did not answer over REST.</exception>
    public static async Task<StoppedHome> OpenAsync(string home, CancellationToken cancellationToken)
    {
        var homeLock = HomeLock.TryAcquire(home) ?? throw new InvalidOperationException(
            $"The node of {home} is running (it holds {HomeLock.FileName}) but its REST API does not answer at config.xml's GUI address " +
            "with config.xml's API key; pass --gui-address/--gui-apikey as given to serve, or stop it.");
        DeviceIdentity? identity = null;
        try
        {
            identity = DeviceIdentity.Load(home);
            var configuration = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), cancellationToken).ConfigureAwait(false);
            return new StoppedHome(homeLock, identity, configuration);
        }
        catch
        {
            identity?.Dispose();
            homeLock.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Identity.Dispose();
        _lock.Dispose();
    }
}
