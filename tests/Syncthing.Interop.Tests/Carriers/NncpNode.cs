using System.Text.Json;
using System.Text.RegularExpressions;
using Syncthing.Interop.Tests.Infrastructure;

namespace Syncthing.Interop.Tests.Carriers;

/// <summary>
/// One NNCP node with its own spool, made with <c>nncp-cfgnew</c> and written as JSON (a subset of Hjson): its keys,
/// and each neighbour's public keys with an incoming directory for files from it. Packets travel between nodes only
/// through a directory (<c>nncp-xfer</c>, the "USB stick"); nothing touches the network.
/// </summary>
internal sealed partial class NncpNode
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, string> _keys;

    private NncpNode(string name, string root, Dictionary<string, string> keys)
    {
        Name = name;
        _keys = keys;
        Spool = Directory.CreateDirectory(Path.Combine(root, "nncp-" + name, "spool")).FullName;
        Incoming = Directory.CreateDirectory(Path.Combine(root, "nncp-" + name, "incoming")).FullName;
        ConfigPath = Path.Combine(root, "nncp-" + name, "config.hjson");
    }

    public string Name { get; }

    public string Spool { get; }

    /// <summary>Where <c>nncp-toss</c> puts files sent to this node.</summary>
    public string Incoming { get; }

    public string ConfigPath { get; }

    public static async Task<NncpNode> CreateAsync(string name, string root)
    {
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(ExternalTool.Require("nncp-cfgnew"), ["-nocomments"], Limit);
        Assert.True(exit == 0, stderr);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in KeyLine().Matches(stdout))
        {
            keys.TryAdd(m.Groups[1].Value, m.Groups[2].Value);
        }

        Assert.All(new[] { "id", "exchpub", "exchprv", "signpub", "signprv", "noisepub", "noiseprv" }, k => Assert.True(keys.ContainsKey(k), $"nncp-cfgnew printed no {k}"));
        return new NncpNode(name, root, keys);
    }

    /// <summary>Writes both nodes' configurations so that each knows the other as a neighbour.</summary>
    public static async Task IntroduceAsync(NncpNode x, NncpNode y)
    {
        await x.WriteConfigAsync(y);
        await y.WriteConfigAsync(x);
    }

    /// <summary>Queues <paramref name="file"/> for <paramref name="to"/> (encrypted to it, signed by us) as <paramref name="name"/>.</summary>
    public Task SendFileAsync(string file, NncpNode to, string name) => RunAsync("nncp-file", "-quiet", file, $"{to.Name}:{name}");

    /// <summary>Copies our outbound packets into the carrier directory.</summary>
    public Task WriteToCarrierAsync(string carrier) => RunAsync("nncp-xfer", "-quiet", "-mkdir", "-tx", carrier);

    /// <summary>Takes our inbound packets from the carrier directory and tosses them (files land in <see cref="Incoming"/>).</summary>
    public async Task ReadFromCarrierAsync(string carrier)
    {
        await RunAsync("nncp-xfer", "-quiet", "-rx", carrier);
        await RunAsync("nncp-toss", "-quiet");
    }

    private async Task RunAsync(string tool, params string[] args)
    {
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(ExternalTool.Require(tool), ["-cfg", ConfigPath, .. args], Limit);
        Assert.True(exit == 0, $"{tool} {string.Join(' ', args)} exited {exit}: {stdout}{stderr}");
    }

    private Task WriteConfigAsync(NncpNode peer)
    {
        var config = new Dictionary<string, object>
        {
            ["spool"] = Spool,
            ["log"] = Path.Combine(Spool, "log"),
            ["self"] = _keys,
            ["neigh"] = new Dictionary<string, object>
            {
                ["self"] = PublicKeys(),
                [peer.Name] = new Dictionary<string, string>(peer.PublicKeys()) { ["incoming"] = Incoming },
            },
        };
        return File.WriteAllTextAsync(ConfigPath, JsonSerializer.Serialize(config));
    }

    private Dictionary<string, string> PublicKeys() =>
        new[] { "id", "exchpub", "signpub", "noisepub" }.ToDictionary(k => k, k => _keys[k], StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*(id|exchpub|exchprv|signpub|signprv|noisepub|noiseprv):\s*([A-Z0-9]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}
