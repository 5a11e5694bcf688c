using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Hosting;

/// <summary>
/// A node's home directory, laid out like Syncthing 1.19's: <c>cert.pem</c> and <c>key.pem</c> (the identity),
/// <c>config.xml</c> (schema 36) and our own index, <c>index.db</c>. Either program can use a home made by the other.
/// </summary>
internal static class NodeHome
{
    public const string ConfigFileName = "config.xml";

    public const string IndexFileName = "index.db";

    /// <summary>The GUI port and BEP port 1.19 writes into a new config when they are free.</summary>
    public const int DefaultGuiPort = 8384;

    public const int DefaultListenPort = 22000;

    public static string ConfigPath(string home) => Path.Combine(home, ConfigFileName);

    public static string IndexPath(string home) => Path.Combine(home, IndexFileName);

    /// <summary>
    /// What <c>syncthing generate</c> does: creates <paramref name="home"/> if needed, keeps an existing identity
    /// and config.xml, creates whichever is missing (with the default folder unless <paramref name="noDefaultFolder"/>),
    /// and returns the device ID.
    /// </summary>
    public static async Task<DeviceId> GenerateAsync(string home, NodeHomeOptions options, CancellationToken cancellationToken)
    {
        var state = await LoadOrCreateAsync(home, options, cancellationToken).ConfigureAwait(false);
        return state.DeviceId;
    }

    /// <summary>
    /// Loads the home for <c>serve</c>, creating what is missing exactly as <see cref="GenerateAsync"/> does. A
    /// config.xml that lacks our own device gets it added (and is saved), as 1.19 does at start-up.
    /// </summary>
    /// <exception cref="IdentityException">Only one of cert.pem/key.pem exists, or they are unusable.</exception>
    /// <exception cref="ConfigValidationException">config.xml exists but cannot be read.</exception>
    public static async Task<NodeHomeState> LoadOrCreateAsync(string home, NodeHomeOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(home);
        ArgumentNullException.ThrowIfNull(options);
        var logger = (options.Loggers ?? NullLoggerFactory.Instance).CreateLogger(typeof(NodeHome).FullName!);
        home = Path.GetFullPath(home);
        Directory.CreateDirectory(home);

        DeviceId id;
        var createdIdentity = !File.Exists(Path.Combine(home, "cert.pem")) && !File.Exists(Path.Combine(home, "key.pem"));
        if (createdIdentity)
        {
            logger.LogInformation("Generating ECDSA key and certificate in {Home}", home);
        }
        else
        {
            logger.LogInformation("Key exists in {Home}; will not overwrite", home);
        }

        using (var identity = DeviceIdentity.LoadOrCreate(home, options.Time ?? TimeProvider.System))
        {
            id = identity.Id;
        }

        var configPath = ConfigPath(home);
        var createdConfig = !File.Exists(configPath);
        Configuration configuration;
        if (createdConfig)
        {
            configuration = NewConfiguration(id, options);
            await ConfigXml.SaveAsync(configuration, configPath, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Created {Path} ({Folders} folder(s))", configPath, configuration.Folders.Count);
        }
        else
        {
            configuration = await ConfigXml.LoadAsync(configPath, cancellationToken).ConfigureAwait(false);
            if (configuration.Devices.All(d => d.DeviceId != id))
            {
                configuration = configuration with
                {
                    Devices = ValueList.Of([.. configuration.Devices, new DeviceConfiguration { DeviceId = id, Name = options.DeviceName ?? Environment.MachineName }]),
                };
                await ConfigXml.SaveAsync(configuration, configPath, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("{Path} did not list this device ({Id}); added it", configPath, id);
            }
        }

        return new NodeHomeState(home, id, configuration, createdIdentity, createdConfig);
    }

    /// <summary>
    /// A new configuration as 1.19's <c>generate</c> writes it; unless <see cref="NodeHomeOptions.SkipPortProbing"/>,
    /// a busy GUI port (8384) or listen port (22000) is replaced with a free one, as 1.19 does.
    /// </summary>
    internal static Configuration NewConfiguration(DeviceId id, NodeHomeOptions options)
    {
        var configuration = ConfigDefaults.Create(id, options.DeviceName ?? Environment.MachineName, !options.NoDefaultFolder);
        if (options.SkipPortProbing)
        {
            return configuration;
        }

        if (!IsFree(IPAddress.Loopback, DefaultGuiPort))
        {
            configuration = configuration with { Gui = configuration.Gui with { Address = $"127.0.0.1:{FreePort(IPAddress.Loopback)}" } };
        }

        if (!IsFree(IPAddress.Any, DefaultListenPort))
        {
            var port = FreePort(IPAddress.Any);
            configuration = configuration with
            {
                Options = configuration.Options with { ListenAddresses = ValueList.Of($"tcp://0.0.0.0:{port}", $"quic://0.0.0.0:{port}", "dynamic+https://relays.syncthing.net/endpoint") },
            };
        }

        return configuration;
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
