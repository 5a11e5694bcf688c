using System.Security.Cryptography;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>
/// New configurations as <c>syncthing generate</c> (1.19) writes them, and the switches the local interop test
/// rig applies on top.
/// </summary>
public static class ConfigDefaults
{
    /// <summary>The id and label 1.19 gives the folder it creates unless <c>--no-default-folder</c> is passed.</summary>
    public const string DefaultFolderId = "default";

    public const string DefaultFolderLabel = "Default Folder";

    /// <summary>
    /// A new node's configuration with a random API key; the default folder, if wanted, is <c>~/Sync</c> expanded
    /// against the user profile directory.
    /// </summary>
    public static Configuration Create(DeviceId myId, string deviceName, bool withDefaultFolder) =>
        Create(
            myId,
            deviceName,
            withDefaultFolder,
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Sync"),
            NewApiKey());

    /// <summary>A new node's configuration with everything that 1.19 randomises or derives given explicitly.</summary>
    public static Configuration Create(DeviceId myId, string deviceName, bool withDefaultFolder, string defaultFolderPath, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(deviceName);
        ArgumentNullException.ThrowIfNull(defaultFolderPath);
        ArgumentNullException.ThrowIfNull(apiKey);
        if (myId.IsEmpty)
        {
            throw new ArgumentException("The local device ID is required.", nameof(myId));
        }

        var self = new FolderDeviceConfiguration { DeviceId = myId };
        var folderTemplate = new FolderConfiguration { Path = "~", Devices = ValueList.Of(self) };
        var folders = withDefaultFolder
            ? ValueList.Of(folderTemplate with { Id = DefaultFolderId, Label = DefaultFolderLabel, Path = defaultFolderPath })
            : ValueList.Empty<FolderConfiguration>();
        return new Configuration
        {
            Folders = folders,
            Devices = ValueList.Of(new DeviceConfiguration { DeviceId = myId, Name = deviceName }),
            Gui = new GuiConfiguration { ApiKey = apiKey },
            Options = new OptionsConfiguration { UnackedNotificationIds = ValueList.Of("authenticationUserAndPassword") },
            Defaults = new DefaultsConfiguration { Folder = folderTemplate },
        };
    }

    /// <summary>
    /// The local test rig: listen only on <paramref name="listenAddress"/>, no global or local discovery, relays,
    /// NAT traversal, usage or crash reporting, upgrades or browser; GUI/REST on <paramref name="guiAddress"/> with
    /// <paramref name="apiKey"/>.
    /// </summary>
    public static Configuration WithTestRigSettings(Configuration configuration, string listenAddress, string guiAddress, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(listenAddress);
        ArgumentException.ThrowIfNullOrEmpty(guiAddress);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return configuration with
        {
            Gui = configuration.Gui with { Enabled = true, Address = guiAddress, ApiKey = apiKey },
            Options = configuration.Options with
            {
                ListenAddresses = ValueList.Of(listenAddress),
                GlobalAnnounceEnabled = false,
                LocalAnnounceEnabled = false,
                RelaysEnabled = false,
                NatEnabled = false,
                UrAccepted = -1,
                StartBrowser = false,
                CrashReportingEnabled = false,
                AutoUpgradeIntervalH = 0,
            },
        };
    }

    /// <summary>32 random letters and digits, the form of 1.19's generated API keys.</summary>
    public static string NewApiKey()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return RandomNumberGenerator.GetString(alphabet, 32);
    }
}
