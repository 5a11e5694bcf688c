using Microsoft.Extensions.Logging;
using Syncthing.Engine.Api;
using Syncthing.Engine.Hosting;

namespace Syncthing.Daemon;

/// <summary>Chooses the REST handler the daemon serves.</summary>
internal static class DaemonRest
{
    /// <summary>
    /// The engine's REST API for <paramref name="node"/>, refusing requests without <paramref name="apiKey"/>
    /// (config.xml's or <c>--gui-apikey</c>'s).
    /// </summary>
    public static IRestHandler CreateHandler(SyncNode node, string apiKey, ILoggerFactory loggers) =>
        new RestApi(node, loggers, apiKey);
}
