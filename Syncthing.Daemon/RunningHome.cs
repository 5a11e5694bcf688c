using System.Net;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon;

/// <summary>
/// Finds out whether the node of a home is running, so that <c>bundle</c> goes through its REST API instead of
/// opening the home's SQLite index next to it. The node is running when its GUI address (config.xml's, or the one
/// given like <c>serve --gui-address</c>) answers <c>/rest/system/status</c> with the home's API key (or the given
/// one) and the home's device ID. An answer 403 there means a node runs but refuses the key: the command stops
/// rather than guess. No answer at all (nothing listens, GUI disabled) means the home is stopped.
/// </summary>
internal static class RunningHome
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A client for the running node of <paramref name="home"/>, or null when it is not running.</summary>
    /// <exception cref="InvalidOperationException">A node answers at the GUI address but refuses the API key, or is another device.</exception>
    public static async Task<(SyncClient Client, HttpClient Http)?> FindAsync(string home, string? guiAddress, string? apiKey, CancellationToken cancellationToken)
    {
        var configuration = await ConfigXml.LoadAsync(NodeHome.ConfigPath(home), cancellationToken).ConfigureAwait(false);
        if (!configuration.Gui.Enabled && guiAddress is null)
        {
            return null;
        }

        IPEndPoint endpoint;
        try
        {
            endpoint = GuiAddress.Parse(guiAddress ?? configuration.Gui.Address);
        }
        catch (FormatException)
        {
            return null; // HTTPS or a UNIX socket: not reachable from here; treated as stopped, like a disabled GUI.
        }

        var host = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endpoint.Address;
        var baseUri = new Uri($"http://{new IPEndPoint(host, endpoint.Port)}/");
        var key = apiKey ?? configuration.Gui.ApiKey;
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = SyncClient.Http(http, baseUri, key);
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(ProbeTimeout);
            var status = await client.GetSystemStatusAsync(probe.Token).ConfigureAwait(false);
            var us = DeviceIdentity.Load(home);
            using (us)
            {
                if (status.MyId != us.Id.ToString())
                {
                    throw new InvalidOperationException($"The node answering at {baseUri} is {status.MyId}, not this home's device {us.Id}; stop it or pass --gui-address.");
                }
            }

            return (client, http);
        }
        catch (SyncApiException e) when (e.Status == 403)
        {
            http.Dispose();
            throw new InvalidOperationException($"A node is running at {baseUri} but refuses this home's API key; pass the key it uses with --gui-apikey.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            http.Dispose();
            throw new InvalidOperationException($"Something listens at {baseUri} but did not answer within {ProbeTimeout.TotalSeconds} s; if it is this home's node, it may be busy: try again.", e);
        }
        catch (Exception e) when (e is HttpRequestException or SyncApiException or System.Text.Json.JsonException)
        {
            // Nothing listens there (connection refused), or something that is not a Syncthing node.
            http.Dispose();
            return null;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }
}
