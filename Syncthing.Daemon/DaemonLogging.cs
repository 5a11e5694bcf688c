using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Syncthing.Daemon;

/// <summary>
/// Console logging: one line per message with time, level and category, like Syncthing's log
/// (<c>10:42:07 info: Syncthing.Engine.Sync.Puller[0] Finished syncing "default"</c>), exceptions on the lines
/// after it. Lines are written synchronously under a lock: the daemon logs a few lines per folder operation, not
/// per block, and a logging thread with its queue would cost more memory than it saves.
/// </summary>
internal sealed class DaemonLogging : ILoggerFactory
{
    private readonly TextWriter _output;
    private readonly LogLevel _minimum;
    private readonly TimeProvider _time;
    private readonly object _write = new();

    public DaemonLogging(TextWriter output, LogLevel minimum, TimeProvider time)
    {
        _output = output;
        _minimum = minimum;
        _time = time;
    }

    public static DaemonLogging Create(bool verbose) =>
        new(Console.Out, verbose ? LogLevel.Debug : LogLevel.Information, TimeProvider.System);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("the daemon's console log takes no further providers");

    public void Dispose()
    {
        lock (_write)
        {
            _output.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var time = _time.GetLocalNow();
        var line = string.Create(CultureInfo.InvariantCulture, $"{time:HH:mm:ss} {Level(level)}: {category}[{eventId.Id}] {message}");
        lock (_write)
        {
            _output.WriteLine(line);
            if (exception is not null)
            {
                _output.WriteLine(exception.ToString());
            }

            _output.Flush();
        }
    }

    private sealed class Logger(DaemonLogging owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
