using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Syncthing.Daemon;

/// <summary>Console logging to stdout: one line per message with time and level, like Syncthing's log.</summary>
internal static class DaemonLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddFilter("Microsoft", verbose ? LogLevel.Information : LogLevel.Warning);
        builder.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    });
}
