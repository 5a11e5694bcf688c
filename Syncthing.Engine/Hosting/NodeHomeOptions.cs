using Microsoft.Extensions.Logging;

namespace Syncthing.Engine.Hosting;

/// <summary>How <see cref="NodeHome"/> creates what a home lacks, and how a node started from a home runs.</summary>
internal sealed record NodeHomeOptions
{
    /// <summary>Like 1.19's <c>--no-default-folder</c>: a new config.xml gets no <c>default</c> folder.</summary>
    public bool NoDefaultFolder { get; init; }

    /// <summary>Like 1.19's <c>--skip-port-probing</c>: a new config.xml keeps ports 8384/22000 even when busy.</summary>
    public bool SkipPortProbing { get; init; }

    /// <summary>The local device's name in a new config.xml; the host name when null.</summary>
    public string? DeviceName { get; init; }

    public TimeProvider? Time { get; init; }

    public ILoggerFactory? Loggers { get; init; }
}
