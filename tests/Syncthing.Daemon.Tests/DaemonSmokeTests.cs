using System.Text.Json.Nodes;

namespace Syncthing.Daemon.Tests;

public sealed class DaemonSmokeTests
{
    [Fact]
    public void The_daemon_assembly_is_named_syncthingd()
    {
        Assert.Equal("syncthingd", typeof(Syncthing.Daemon.Program).Assembly.GetName().Name);
    }

    /// <summary>
    /// The runtime settings the benchmarks chose (benchmarks/README.md) reach the daemon's runtimeconfig: no dynamic
    /// PGO (JIT time in a 1 GiB sync), no ICU (3.6 MiB of idle RSS), no spinning of idle thread-pool workers
    /// (CPU the peer and the kernel needed on two cores) and no implicit flock on every opened file.
    /// </summary>
    [Fact]
    public void The_daemon_runs_without_dynamic_pgo_icu_thread_pool_spinning_or_implicit_file_locks()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "syncthingd.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.False((bool)properties["System.Runtime.TieredPGO"]!);
        Assert.True((bool)properties["System.Globalization.Invariant"]!);
        Assert.Equal(0, (int)properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!);
        Assert.True((bool)properties["System.IO.DisableFileLocking"]!);
    }
}
