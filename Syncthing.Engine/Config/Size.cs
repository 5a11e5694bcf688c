namespace Syncthing.Engine.Config;

/// <summary>A size with a unit: <c>%</c> of the disk, or bytes with an SI/binary suffix (<c>kB</c>, <c>MiB</c>, …).</summary>
public sealed record Size(double Value, string Unit)
{
    /// <summary>1 %, Syncthing's default minimum free disk space.</summary>
    public static Size OnePercent { get; } = new(1, "%");
}
