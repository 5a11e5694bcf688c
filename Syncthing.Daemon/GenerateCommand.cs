using Microsoft.Extensions.Logging;
using Syncthing.Engine.Hosting;

namespace Syncthing.Daemon;

/// <summary><c>generate</c>: creates what the home lacks and prints the device ID as Syncthing does ("Device ID: …" on stderr).</summary>
internal static class GenerateCommand
{
    public static async Task<int> RunAsync(GenerateSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);
        using var loggers = DaemonLogging.Create(verbose: false);
        var logger = loggers.CreateLogger("syncthingd");
        try
        {
            var id = await NodeHome.GenerateAsync(
                settings.Home,
                new NodeHomeOptions { NoDefaultFolder = settings.NoDefaultFolder, SkipPortProbing = settings.SkipPortProbing, Loggers = loggers },
                cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync($"Device ID: {id}".AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is Engine.Identity.IdentityException or Engine.Config.ConfigValidationException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("Cannot generate in {Home}: {Error}", settings.Home, e.Message);
            return 1;
        }
    }
}
