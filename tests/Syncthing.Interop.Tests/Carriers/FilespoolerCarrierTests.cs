using System.Globalization;
using Syncthing.Interop.Tests.Daemon;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Carriers;

/// <summary>
/// Issue 7: bundles carried by a Filespooler queue. A exports three bundles of successive changes; each is wrapped in
/// a Filespooler packet (<c>fspl prepare</c>), the packets reach C's queue in the wrong order, and
/// <c>fspl queue-process</c> runs <c>syncthingd bundle import</c> on each payload, in sequence order.
/// </summary>
public sealed class FilespoolerCarrierTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _root = Directory.CreateTempSubdirectory("st-fspl").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [ToolFact("filespooler", "fspl")]
    public async Task Three_bundles_queued_out_of_order_are_imported_by_queue_process()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var fspl = ExternalTool.Require("fspl");
        var homes = await BundleHomes.CreateAsync(_root, ct);
        var a = homes.A.Data;
        var queue = Path.Combine(_root, "queue");
        var sequenceFile = Path.Combine(_root, "fspl-seq");
        await File.WriteAllTextAsync(sequenceFile, "1", ct);
        await RunAsync(fspl, ["queue-init", "-q", queue]);

        // Three rounds of changes on A, one bundle and one packet each.
        var packets = new List<string>();
        for (var round = 1; round <= 3; round++)
        {
            await ChangeAsync(a, round, ct);
            var bundle = Path.Combine(_root, $"round{round}.stbundle");
            await BundleHomes.ExportAsync(homes.A, homes.C, bundle);
            var packet = Path.Combine(_root, $"round{round}.fspl");
            await RunShellAsync($"{Quote(fspl)} prepare -s {Quote(sequenceFile)} -i {Quote(bundle)} > {Quote(packet)}");
            packets.Add(packet);
        }

        // They arrive 3, 1, 2.
        foreach (var packet in new[] { packets[2], packets[0], packets[1] })
        {
            await RunShellAsync($"{Quote(fspl)} queue-write -q {Quote(queue)} < {Quote(packet)}");
        }

        // The job writes its payload (the bundle) to a file and imports it; a failure leaves the job in the queue.
        var import = $"{Quote(OurDaemon.DotnetHost)} {Quote(OurDaemon.DllPath)} bundle import --home {Quote(homes.C.Home)} --in \"$f\"";
        var job = $"f={Quote(Path.Combine(_root, "job-"))}$FSPL_SEQ.stbundle; cat > \"$f\" && {import} >> {Quote(Path.Combine(_root, "imports.log"))}";
        await RunAsync(fspl, ["queue-process", "-q", queue, "--on-error", "Leave", "--timeout", "120", "/bin/sh", "--", "-c", job]);

        var log = await File.ReadAllTextAsync(Path.Combine(_root, "imports.log"), ct);
        var (_, left, _) = await ProcessRunner.RunAsync(fspl, ["queue-ls", "-q", queue], Limit);
        Assert.DoesNotContain(".fspl", left, StringComparison.Ordinal);
        Assert.Equal(3, log.Split('\n').Count(l => l.Contains("applied", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(_root, "job-3.stbundle")), log);
        await homes.AssertSameTreesAsync();
        Assert.False(File.Exists(Path.Combine(homes.C.Data, "notes", "round1.txt")));
        Assert.Equal("round 3", await File.ReadAllTextAsync(Path.Combine(homes.C.Data, "notes", "moved.txt"), ct));
    }

    /// <summary>Round 1 adds, round 2 edits and adds, round 3 renames and deletes.</summary>
    private static async Task ChangeAsync(string root, int round, CancellationToken ct)
    {
        var notes = Directory.CreateDirectory(Path.Combine(root, "notes")).FullName;
        switch (round)
        {
            case 1:
                await File.WriteAllTextAsync(Path.Combine(notes, "round1.txt"), "round 1", ct);
                await File.WriteAllBytesAsync(Path.Combine(root, "data.bin"), RandomBytes(500_000, 1), ct);
                break;
            case 2:
                await File.WriteAllBytesAsync(Path.Combine(root, "data.bin"), RandomBytes(600_000, 2), ct);
                await File.WriteAllTextAsync(Path.Combine(notes, "round2.txt"), "round 2", ct);
                break;
            default:
                await File.WriteAllTextAsync(Path.Combine(notes, "round2.txt"), "round 3", ct);
                File.Move(Path.Combine(notes, "round2.txt"), Path.Combine(notes, "moved.txt"));
                File.Delete(Path.Combine(notes, "round1.txt"));
                break;
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static Task RunShellAsync(string script) => RunAsync("/bin/sh", ["-c", script]);

    private static async Task RunAsync(string file, string[] args)
    {
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(file, args, Limit);
        Assert.True(exit == 0, $"{file} {string.Join(' ', args)} exited {exit.ToString(CultureInfo.InvariantCulture)}: {stdout}{stderr}");
    }
}
