namespace Syncthing.Daemon;

/// <summary>The parsed <c>generate</c> command: where the home is and how to fill a new config.xml.</summary>
internal sealed record GenerateSettings(string Home, bool NoDefaultFolder, bool SkipPortProbing);

/// <summary>
/// The parsed <c>serve</c> command (also the root command, as in Syncthing 1.19). <see cref="ShowDeviceId"/> and
/// <see cref="ShowVersion"/> print and exit instead of serving. <see cref="GuiAddress"/> and
/// <see cref="GuiApiKey"/> override config.xml for this run only, without being saved.
/// </summary>
internal sealed record ServeSettings
{
    public required string Home { get; init; }

    public string? GuiAddress { get; init; }

    public string? GuiApiKey { get; init; }

    public bool NoBrowser { get; init; }

    public bool NoRestart { get; init; }

    public bool NoUpgrade { get; init; }

    public bool NoDefaultFolder { get; init; }

    public bool SkipPortProbing { get; init; }

    public bool Verbose { get; init; }

    public bool ShowDeviceId { get; init; }

    public bool ShowVersion { get; init; }
}
