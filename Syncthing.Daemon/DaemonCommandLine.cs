using System.CommandLine;

namespace Syncthing.Daemon;

/// <summary>
/// The daemon's command line, shaped like Syncthing 1.19's: <c>generate</c>, <c>serve</c>, and the root command
/// acting as <c>serve</c>. The actions are injected, so parsing can be tested without running anything.
/// </summary>
internal static class DaemonCommandLine
{
    /// <summary>Where the home is when <c>--home</c> is not given: <c>$XDG_STATE_HOME/syncthingd</c> or <c>~/.local/state/syncthingd</c>.</summary>
    public static string DefaultHome()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
        {
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(state, "syncthingd");
    }

    public static RootCommand Build(
        Func<GenerateSettings, CancellationToken, Task<int>> generate,
        Func<ServeSettings, CancellationToken, Task<int>> serve)
    {
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(serve);

        var root = new RootCommand("syncthingd: a Syncthing-compatible file synchronisation daemon (BEP v1, Syncthing 1.19 REST API and config.xml).");
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(builtIn);
        }

        AddServe(root, serve);

        var serveCommand = new Command("serve", "Run the daemon in the foreground until SIGINT or SIGTERM.");
        AddServe(serveCommand, serve);
        root.Subcommands.Add(serveCommand);

        var generateCommand = new Command("generate", "Generate key and config, then exit (keeps an existing identity and config.xml).");
        var home = HomeOption();
        var noDefaultFolder = new Option<bool>("--no-default-folder") { Description = "Don't create the \"default\" folder in a new config.xml." };
        var skipPortProbing = new Option<bool>("--skip-port-probing") { Description = "Don't replace busy default ports (8384, 22000) in a new config.xml." };
        generateCommand.Options.Add(home);
        generateCommand.Options.Add(noDefaultFolder);
        generateCommand.Options.Add(skipPortProbing);
        generateCommand.SetAction((result, ct) => generate(
            new GenerateSettings(result.GetValue(home)!, result.GetValue(noDefaultFolder), result.GetValue(skipPortProbing)),
            ct));
        root.Subcommands.Add(generateCommand);
        return root;
    }

    private static Option<string> HomeOption() => new("--home")
    {
        Description = "Set configuration and data directory (cert.pem, key.pem, config.xml, index.db); created if missing.",
        DefaultValueFactory = _ => DefaultHome(),
        HelpName = "DIR",
    };

    private static void AddServe(Command command, Func<ServeSettings, CancellationToken, Task<int>> serve)
    {
        var home = HomeOption();
        var guiAddress = new Option<string?>("--gui-address") { Description = "Override GUI/REST address (e.g. \"http://127.0.0.1:8384\").", HelpName = "URL" };
        var guiApiKey = new Option<string?>("--gui-apikey") { Description = "Override GUI/REST API key.", HelpName = "API-KEY" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not start a browser (we never do; accepted for compatibility)." };
        var noRestart = new Option<bool>("--no-restart") { Description = "Do not restart (we never do; accepted for compatibility)." };
        var noUpgrade = new Option<bool>("--no-upgrade") { Description = "Disable automatic upgrades (we have none; accepted for compatibility)." };
        var noDefaultFolder = new Option<bool>("--no-default-folder") { Description = "Don't create the \"default\" folder if config.xml is created." };
        var skipPortProbing = new Option<bool>("--skip-port-probing") { Description = "Don't replace busy default ports if config.xml is created." };
        var verbose = new Option<bool>("--verbose") { Description = "Print verbose (debug) log output." };
        var deviceId = new Option<bool>("--device-id") { Description = "Show the device ID of the home's identity and exit." };
        var version = new Option<bool>("--version") { Description = "Show version and exit." };
        Option[] all = [home, guiAddress, guiApiKey, noBrowser, noRestart, noUpgrade, noDefaultFolder, skipPortProbing, verbose, deviceId, version];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => serve(
            new ServeSettings
            {
                Home = result.GetValue(home)!,
                GuiAddress = result.GetValue(guiAddress),
                GuiApiKey = result.GetValue(guiApiKey),
                NoBrowser = result.GetValue(noBrowser),
                NoRestart = result.GetValue(noRestart),
                NoUpgrade = result.GetValue(noUpgrade),
                NoDefaultFolder = result.GetValue(noDefaultFolder),
                SkipPortProbing = result.GetValue(skipPortProbing),
                Verbose = result.GetValue(verbose),
                ShowDeviceId = result.GetValue(deviceId),
                ShowVersion = result.GetValue(version),
            },
            ct));
    }

    /// <summary>Adds <c>bundle export</c>, <c>bundle import</c> and <c>bundle receipt</c> (offline bundles on a stopped node's home).</summary>
    public static void AddBundle(
        RootCommand root,
        Func<BundleExportSettings, CancellationToken, Task<int>> export,
        Func<BundleImportSettings, CancellationToken, Task<int>> import,
        Func<BundleReceiptSettings, CancellationToken, Task<int>>? receipt = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var bundle = new Command("bundle", "Carry changes to a device that never connects: signed offline bundles (through the running node's REST API when it runs).");

        var exportCommand = new Command("export", "Write what DEVICE lacks of FOLDER (or everything with --full) to a signed bundle.");
        var home = HomeOption();
        var folder = new Option<string>("--folder") { Description = "Folder ID.", Required = true, HelpName = "ID" };
        var device = new Option<string>("--device") { Description = "Target device ID.", Required = true, HelpName = "ID" };
        var output = new Option<string>("--out") { Description = "Bundle file (with --max-size: FILE.001, FILE.002, ...).", Required = true, HelpName = "FILE" };
        var full = new Option<bool>("--full") { Description = "Export the whole index, not only what the target lacks." };
        var maxSize = new Option<long?>("--max-size") { Description = "Split into numbered parts of at most this many bytes.", HelpName = "BYTES" };
        var exportPassword = PasswordFileOption("Encrypt the bundle with the password on the first line of FILE.");
        var guiAddress = GuiAddressOption();
        var apiKey = ApiKeyOption();
        foreach (var option in new Option[] { home, folder, device, output, full, maxSize, exportPassword, guiAddress, apiKey })
        {
            exportCommand.Options.Add(option);
        }

        exportCommand.SetAction((result, ct) => export(
            new BundleExportSettings(result.GetValue(home)!, result.GetValue(folder)!, result.GetValue(device)!, result.GetValue(output)!, result.GetValue(full), result.GetValue(maxSize), result.GetValue(exportPassword))
            {
                GuiAddress = result.GetValue(guiAddress),
                ApiKey = result.GetValue(apiKey),
            },
            ct));

        var importCommand = new Command("import", "Verify a bundle from a configured device and apply it like an index update, pulling from the bundle.");
        var importHome = HomeOption();
        var input = new Option<string>("--in") { Description = "Bundle file (or FILE for FILE.001, FILE.002, ...).", Required = true, HelpName = "FILE" };
        var receiptOut = new Option<string?>("--receipt") { Description = "Write the signed receipt for the exporter here.", HelpName = "FILE" };
        var importPassword = PasswordFileOption("The bundle is encrypted: the password is the first line of FILE.");
        importCommand.Options.Add(importHome);
        importCommand.Options.Add(input);
        importCommand.Options.Add(receiptOut);
        importCommand.Options.Add(importPassword);
        var importGuiAddress = GuiAddressOption();
        var importApiKey = ApiKeyOption();
        importCommand.Options.Add(importGuiAddress);
        importCommand.Options.Add(importApiKey);
        importCommand.SetAction((result, ct) => import(
            new BundleImportSettings(result.GetValue(importHome)!, result.GetValue(input)!, result.GetValue(receiptOut), result.GetValue(importPassword))
            {
                GuiAddress = result.GetValue(importGuiAddress),
                ApiKey = result.GetValue(importApiKey),
            },
            ct));

        bundle.Subcommands.Add(exportCommand);
        bundle.Subcommands.Add(importCommand);
        if (receipt is not null)
        {
            var receiptCommand = new Command("receipt", "Store a target's signed receipt, so the next export to it carries only what it still lacks.");
            var receiptHome = HomeOption();
            var receiptIn = new Option<string>("--in") { Description = "Receipt file written by 'bundle import --receipt'.", Required = true, HelpName = "FILE" };
            var receiptGuiAddress = GuiAddressOption();
            var receiptApiKey = ApiKeyOption();
            receiptCommand.Options.Add(receiptHome);
            receiptCommand.Options.Add(receiptIn);
            receiptCommand.Options.Add(receiptGuiAddress);
            receiptCommand.Options.Add(receiptApiKey);
            receiptCommand.SetAction((result, ct) => receipt(
                new BundleReceiptSettings(result.GetValue(receiptHome)!, result.GetValue(receiptIn)!)
                {
                    GuiAddress = result.GetValue(receiptGuiAddress),
                    ApiKey = result.GetValue(receiptApiKey),
                },
                ct));
            bundle.Subcommands.Add(receiptCommand);
        }

        root.Subcommands.Add(bundle);
    }

    private static Option<string?> PasswordFileOption(string description) =>
        new("--password-file") { Description = description + " (Never put a password on the command line.)", HelpName = "FILE" };

    private static Option<string?> GuiAddressOption() =>
        new("--gui-address") { Description = "Where the running node's REST API listens, when serve was given another than config.xml's.", HelpName = "URL" };

    private static Option<string?> ApiKeyOption() =>
        new("--gui-apikey") { Description = "The running node's API key, when serve was given another than config.xml's.", HelpName = "KEY" };
}
