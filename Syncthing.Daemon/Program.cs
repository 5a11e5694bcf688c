using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Syncthing.Daemon;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var shutdown = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var root = DaemonCommandLine.Build(
            (settings, ct) => GenerateCommand.RunAsync(settings, Console.Error, ct),
            async (settings, ct) =>
            {
                using var loggers = DaemonLogging.Create(settings.Verbose);
                return await ServeCommand.RunAsync(settings, Console.Out, loggers, ct).ConfigureAwait(false);
            });
        DaemonCommandLine.AddBundle(
            root,
            async (settings, ct) =>
            {
                using var loggers = DaemonLogging.Create(verbose: false);
                return await BundleCommand.ExportAsync(settings, Console.Out, loggers.CreateLogger("syncthingd"), ct).ConfigureAwait(false);
            },
            async (settings, ct) =>
            {
                using var loggers = DaemonLogging.Create(verbose: false);
                return await BundleCommand.ImportAsync(settings, Console.Out, loggers.CreateLogger("syncthingd"), ct).ConfigureAwait(false);
            },
            async (settings, ct) =>
            {
                using var loggers = DaemonLogging.Create(verbose: false);
                return await BundleCommand.ReceiptAsync(settings, Console.Out, loggers.CreateLogger("syncthingd"), ct).ConfigureAwait(false);
            });
        return await root.Parse(args)
            .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, shutdown.Token)
            .ConfigureAwait(false);
    }
}
