using System.CommandLine;

namespace Syncthing.Daemon.Tests;

public sealed class CommandLineTests
{
    private GenerateSettings? _generate;
    private ServeSettings? _serve;

    [Fact]
    public async Task Generate_takes_home_and_no_default_folder()
    {
        var exit = await RunAsync("generate", "--home", "/tmp/h", "--no-default-folder");

        Assert.Equal(0, exit);
        Assert.Equal(new GenerateSettings("/tmp/h", NoDefaultFolder: true, SkipPortProbing: false), _generate);
        Assert.Null(_serve);
    }

    [Fact]
    public async Task Serve_takes_syncthing_options()
    {
        var exit = await RunAsync("serve", "--home", "/tmp/h", "--gui-address", "http://127.0.0.1:9000", "--gui-apikey", "k3y",
            "--no-browser", "--no-restart", "--no-upgrade");

        Assert.Equal(0, exit);
        Assert.NotNull(_serve);
        Assert.Equal("/tmp/h", _serve.Home);
        Assert.Equal("http://127.0.0.1:9000", _serve.GuiAddress);
        Assert.Equal("k3y", _serve.GuiApiKey);
        Assert.True(_serve.NoBrowser && _serve.NoRestart && _serve.NoUpgrade);
        Assert.False(_serve.ShowDeviceId || _serve.ShowVersion || _serve.Verbose);
    }

    [Fact]
    public async Task The_root_command_serves_like_syncthing_1_19()
    {
        Assert.Equal(0, await RunAsync("--home", "/tmp/h", "--device-id"));
        Assert.NotNull(_serve);
        Assert.Equal("/tmp/h", _serve.Home);
        Assert.True(_serve.ShowDeviceId);
        Assert.Null(_serve.GuiAddress);
    }

    [Fact]
    public async Task Version_is_our_own_option_on_root_and_serve()
    {
        Assert.Equal(0, await RunAsync("--version"));
        Assert.True(_serve!.ShowVersion);
        _serve = null;
        Assert.Equal(0, await RunAsync("serve", "--version"));
        Assert.True(_serve!.ShowVersion);
    }

    [Fact]
    public async Task Without_home_the_default_home_is_used()
    {
        Assert.Equal(0, await RunAsync("serve"));
        Assert.Equal(DaemonCommandLine.DefaultHome(), _serve!.Home);
        Assert.EndsWith("syncthingd", _serve.Home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_options_are_errors_and_run_nothing()
    {
        var exit = await RunAsync("serve", "--frobnicate");

        Assert.NotEqual(0, exit);
        Assert.Null(_serve);
        Assert.Null(_generate);
    }

    [Fact]
    public async Task Version_prints_the_version_line()
    {
        using var output = new StringWriter();
        using var loggers = DaemonLogging.Create(verbose: false);
        var exit = await ServeCommand.RunAsync(new ServeSettings { Home = "/nonexistent", ShowVersion = true }, output, loggers, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.StartsWith("syncthingd v", output.ToString(), StringComparison.Ordinal);
    }

    private async Task<int> RunAsync(params string[] args)
    {
        var root = DaemonCommandLine.Build(
            (g, _) =>
            {
                _generate = g;
                return Task.FromResult(0);
            },
            (s, _) =>
            {
                _serve = s;
                return Task.FromResult(0);
            });
        using var output = new StringWriter();
        using var error = new StringWriter();
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
