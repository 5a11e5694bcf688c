namespace Syncthing.Daemon;

/// <summary>The daemon's version, as printed by <c>--version</c> and sent in <c>X-Syncthing-Version</c>.</summary>
internal static class DaemonVersion
{
    /// <summary>Like Syncthing's: "v" and three numbers.</summary>
    public static string Short { get; } = "v" + (typeof(DaemonVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>The <c>--version</c> line.</summary>
    public static string Long { get; } =
        $"syncthingd {Short} (Syncthing 1.19 compatible; .NET {Environment.Version} {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier})";
}
