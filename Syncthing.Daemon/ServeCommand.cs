using System.Net;
using Microsoft.Extensions.Logging;
using Syncthing.Engine.Config;
using Syncthing.Engine.Hosting;
using Syncthing.Engine.Identity;

namespace Syncthing.Daemon;

/// <summary>
/// <c>serve</c>: one foreground node until the token is cancelled (SIGINT/SIGTERM), then a clean shutdown: the
/// REST listener stops first, then the node (listeners, connections, dial loop, index store).
/// </summary>
internal static class ServeCommand
{
    /// <summary>What a running serve exposes to tests.</summary>
    internal sealed record Running(SyncNode Node, RestHost? Rest);

    public static async Task<int> RunAsync(
        ServeSettings settings,
        TextWriter output,
        ILoggerFactory loggers,
        CancellationToken cancellationToken,
        Func<Running, Task>? onReady = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(loggers);
        time ??= TimeProvider.System;
        var logger = loggers.CreateLogger("syncthingd");
        if (settings.ShowVersion)
        {
            await output.WriteLineAsync(DaemonVersion.Long.AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (settings.ShowDeviceId)
        {
            return await ShowDeviceIdAsync(settings.Home, output, logger, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("{Version} starting; home {Home}", DaemonVersion.Long, Path.GetFullPath(settings.Home));
        HomeLock? homeLock;
        try
        {
            Directory.CreateDirectory(settings.Home);
            homeLock = HomeLock.TryAcquire(settings.Home);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Cannot use {Home}: {Error}", settings.Home, e.Message);
            return 1;
        }

        if (homeLock is null)
        {
            logger.LogError("{Home} is in use by another syncthingd (serve, or an offline bundle command)", settings.Home);
            return 1;
        }

        using var heldLock = homeLock;
        SyncNode node;
        try
        {
            node = await SyncNode.StartFromHomeAsync(
                settings.Home,
                new NodeHomeOptions { NoDefaultFolder = settings.NoDefaultFolder, SkipPortProbing = settings.SkipPortProbing, Time = time, Loggers = loggers },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IdentityException or ConfigValidationException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("Cannot start from {Home}: {Error}", settings.Home, e.Message);
            return 1;
        }

        RestHost? rest = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exitCode = 0;
        void StopSoon(int code)
        {
            // Let the REST response ("shutting down") reach the client before the listener goes away.
            exitCode = code;
            _ = Task.Delay(TimeSpan.FromMilliseconds(200), time, CancellationToken.None).ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
        }

        node.ShutdownRequested += (_, _) => StopSoon(0);
        node.RestartRequested += (_, _) =>
        {
            logger.LogInformation("Restart requested; syncthingd has no monitor process, so it exits with code 3 for its supervisor to restart it");
            StopSoon(3);
        };
        try
        {
            rest = await StartRestAsync(settings, node, loggers, logger, time, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Ready: device {Id}, listening for BEP on {Listen}", node.DeviceId, string.Join(", ", node.ListenEndpoints));
            if (onReady is not null)
            {
                await onReady(new Running(node, rest)).ConfigureAwait(false);
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, time, stop.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            logger.LogInformation("Shutting down");
            return exitCode;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            logger.LogError("Cannot serve the GUI/REST API: {Error}", e.Message);
            return 1;
        }
        finally
        {
            if (rest is not null)
            {
                await rest.DisposeAsync().ConfigureAwait(false);
            }

            await node.DisposeAsync().ConfigureAwait(false);
            logger.LogInformation("Exiting");
        }
    }

    private static async Task<RestHost?> StartRestAsync(ServeSettings settings, SyncNode node, ILoggerFactory loggers, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        var gui = node.Configuration.Gui;
        if (!gui.Enabled && settings.GuiAddress is null)
        {
            logger.LogInformation("GUI/REST API disabled in config.xml");
            return null;
        }

        if (gui.UseTls)
        {
            logger.LogWarning("config.xml asks for a TLS GUI; syncthingd serves the REST API over plain HTTP");
        }

        var endpoint = GuiAddress.Parse(settings.GuiAddress ?? gui.Address);
        var apiKey = settings.GuiApiKey ?? gui.ApiKey;
        if (string.IsNullOrEmpty(apiKey))
        {
            logger.LogWarning("No API key configured: every /rest request will be refused");
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            logger.LogWarning("The REST API listens on {Address}, which is not loopback; anyone who can reach it and knows the API key controls this node", endpoint);
        }

        var rest = await RestHost.StartAsync(endpoint, DaemonRest.CreateHandler(node, apiKey, loggers), node.DeviceId, loggers, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("GUI/REST API listening on {Uri}", rest.BaseUri);
        return rest;
    }

    private static async Task<int> ShowDeviceIdAsync(string home, TextWriter output, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            using var identity = DeviceIdentity.Load(home);
            await output.WriteLineAsync(identity.Id.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (IdentityException e)
        {
            logger.LogError("Error reading device ID: {Error}", e.Message);
            return 1;
        }
    }
}
