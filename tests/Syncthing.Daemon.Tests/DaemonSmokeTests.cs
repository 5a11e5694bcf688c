namespace Syncthing.Daemon.Tests;

public sealed class DaemonSmokeTests
{
    [Fact]
    public void The_daemon_assembly_is_named_syncthingd()
    {
        Assert.Equal("syncthingd", typeof(Syncthing.Daemon.Program).Assembly.GetName().Name);
    }
}
