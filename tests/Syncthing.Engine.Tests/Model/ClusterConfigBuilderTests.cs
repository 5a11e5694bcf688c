using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Model;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Index;

namespace Syncthing.Engine.Tests.Model;

public sealed class ClusterConfigBuilderTests : IDisposable
{
    private static readonly DeviceId Me = Ix.Dev(1);
    private static readonly DeviceId Peer = Ix.Dev(2);
    private static readonly DeviceId Other = Ix.Dev(3);
    private readonly TempIndex _index = new();

    public void Dispose() => _index.Dispose();

    [Fact]
    public void Build_ListsOnlyFoldersSharedWithTheReceiver_WithEveryDeviceAndIndexState()
    {
        _index.Store.UpdateLocal("send", [Ix.File("a", Ix.V((1, 1)))]);
        _index.Store.SetRemoteIndexId("send", Other, 77);
        _index.Store.SetRemoteMaxSequence("send", Other, 9);
        var config = Config(
            Folder("send", FolderType.SendOnly, paused: false, Me, Peer, Other) with { IgnorePerms = true },
            Folder("paused", FolderType.SendReceive, paused: true, Me, Peer),
            Folder("notShared", FolderType.SendReceive, paused: false, Me, Other),
            Folder("encrypted", FolderType.ReceiveEncrypted, paused: false, Me, Peer));

        var cc = ClusterConfigBuilder.Build(config, Me, Peer, _index.Store);

        Assert.Equal(["send", "paused"], cc.Folders.Select(f => f.Id));
        var send = cc.Folders[0];
        Assert.True(send.ReadOnly);
        Assert.True(send.IgnorePermissions);
        Assert.False(send.Paused);
        Assert.Equal(3, send.Devices.Count);
        var me = Entry(send, Me);
        Assert.Equal((_index.Store.GetLocalIndexId("send"), 1L), (me.IndexId, me.MaxSequence));
        Assert.Equal("me", me.Name);
        var other = Entry(send, Other);
        Assert.Equal((77UL, 9L), (other.IndexId, other.MaxSequence));
        Assert.True(other.Introducer);
        Assert.Equal(["tcp://10.0.0.3:22000"], other.Addresses);
        Assert.Equal("other-cert", other.CertName);
        var peer = Entry(send, Peer);
        Assert.Equal((0UL, 0L), (peer.IndexId, peer.MaxSequence));
        Assert.Equal(Syncthing.Engine.Protocol.Wire.Compression.Never, peer.Compression);

        // A paused folder is announced paused, without index information.
        var paused = cc.Folders[1];
        Assert.True(paused.Paused);
        Assert.All(paused.Devices, d => Assert.Equal((0UL, 0L), (d.IndexId, d.MaxSequence)));
    }

    private static Device Entry(Folder folder, DeviceId id) => Assert.Single(folder.Devices, d => d.Id.Span.SequenceEqual(id.Bytes));

    private static FolderConfiguration Folder(string id, FolderType type, bool paused, params DeviceId[] devices) => new()
    {
        Id = id,
        Type = type,
        Paused = paused,
        Path = "/x/" + id,
        Devices = ValueList.Of(devices.Select(d => new FolderDeviceConfiguration { DeviceId = d }).ToArray()),
    };

    private static Configuration Config(params FolderConfiguration[] folders) => new()
    {
        Devices = ValueList.Of(
            new DeviceConfiguration { DeviceId = Me, Name = "me" },
            new DeviceConfiguration { DeviceId = Peer, Name = "peer", Compression = Syncthing.Engine.Config.Compression.Never },
            new DeviceConfiguration { DeviceId = Other, Name = "other", Introducer = true, CertName = "other-cert", Addresses = ValueList.Of("tcp://10.0.0.3:22000") }),
        Folders = ValueList.Of(folders),
    };
}
