namespace Syncthing.Engine.Ignore;

/// <summary>How a <c>.stignore</c> file is interpreted on this host.</summary>
/// <param name="FoldCaseByDefault">
/// Treat every pattern as if it had <c>(?i)</c>. Syncthing 1.19 turns this on for macOS and Windows hosts and
/// off elsewhere; the host decides (see <see cref="ForCurrentPlatform"/>).
/// </param>
internal sealed record IgnoreOptions(bool FoldCaseByDefault)
{
    /// <summary>Case-sensitive unless <c>(?i)</c> is given (Linux/BSD behaviour).</summary>
    public static IgnoreOptions Default { get; } = new(false);

    /// <summary>What 1.19 would do on the running OS.</summary>
    public static IgnoreOptions ForCurrentPlatform() => new(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS());
}
