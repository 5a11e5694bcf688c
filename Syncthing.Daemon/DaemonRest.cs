using Syncthing.Engine.Api;
using Syncthing.Engine.Hosting;

namespace Syncthing.Daemon;

/// <summary>Chooses the REST handler the daemon serves.</summary>
internal static class DaemonRest
{
    /// <summary>
    /// The handler for <paramref name="node"/>, refusing requests without <paramref name="apiKey"/> (config.xml's
    /// or <c>--gui-apikey</c>'s). TODO(lead): swap the stand-in for the engine's RestApi here, in this one line.
    /// </summary>
    public static IRestHandler CreateHandler(SyncNode node, string apiKey, TimeProvider time) =>
        new TemporaryRestHandler(node.DeviceId, apiKey, time);
}
