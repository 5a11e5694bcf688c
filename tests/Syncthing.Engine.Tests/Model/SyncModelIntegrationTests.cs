using Google.Protobuf;
using Syncthing.Engine.Config;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Tests.Model;

/// <summary>Two SyncModels over real TLS loopback connections exchanging the index of a shared folder.</summary>
public sealed class SyncModelIntegrationTests : IAsyncLifetime
{
    private const string Shared = "shared";
    private const string OnlyA = "onlyA";
    private readonly ModelNode _a = new("A");
    private readonly ModelNode _b = new("B");

    public Task InitializeAsync()
    {
        // A shares "shared" and "onlyA" with B; B shares only "shared" with A.
        _a.Start(_a.Config([_b], (Shared, [_b]), (OnlyA, [_b])));
        _b.Start(_b.Config([_a], (Shared, [_a])));
        _a.Change(Shared, _a.File("f1", 1), _a.File("f2", 1), _a.File("f3", 1));
        _a.Change(OnlyA, _a.File("o1", 1));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Connect_SendsFullIndex_AndClusterConfigsListBothDevices()
    {
        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");

        var first = _b.Indexes(Shared)[0];
        Assert.Equal("Index", first.Kind);
        Assert.Equal([1L, 2, 3], first.Files.Select(f => f.Sequence));
        var f2 = _b.Store.GetRemote(Shared, _a.Id, "f2");
        Assert.NotNull(f2);
        Assert.Equal(2, f2.Sequence);
        Assert.Equal(_a.Store.GetLocal(Shared, "f2")!.Version, f2.Version);
        var known = _b.Store.GetRemoteIndex(Shared, _a.Id);
        Assert.Equal(_a.Store.GetLocalIndexId(Shared), known.IndexId);
        Assert.Equal(3, known.MaxSequence);

        // A's ClusterConfig to B: both folders, each listing both devices; A's own entry carries its index state.
        var fromA = Assert.Single(_b.Log, r => r.Kind == "ClusterConfig").ClusterConfig!;
        Assert.Equal([Shared, OnlyA], fromA.Folders.Select(f => f.Id));
        var sharedAtA = fromA.Folders[0];
        Assert.Equal("shared label", sharedAtA.Label);
        var aEntry = Assert.Single(sharedAtA.Devices, d => d.Id.Span.SequenceEqual(_a.Id.Bytes));
        Assert.Equal(_a.Store.GetLocalIndexId(Shared), aEntry.IndexId);
        Assert.Equal(3, aEntry.MaxSequence);
        Assert.Equal("A", aEntry.Name);
        var bEntry = Assert.Single(sharedAtA.Devices, d => d.Id.Span.SequenceEqual(_b.Id.Bytes));
        Assert.Equal("B", bEntry.Name);
        Assert.Equal(Syncthing.Engine.Protocol.Wire.Compression.Always, bEntry.Compression);
        Assert.Equal(["tcp://127.0.0.1:1"], bEntry.Addresses);
        // What A knows of B's index: nothing yet, or B's index ID when B's ClusterConfig reached A first (both
        // sides send theirs at once, so either order happens).
        Assert.Contains(bEntry.IndexId, new[] { 0UL, _b.Store.GetLocalIndexId(Shared) });

        var fromB = Assert.Single(_a.Log, r => r.Kind == "ClusterConfig").ClusterConfig!;
        var sharedAtB = Assert.Single(fromB.Folders);
        Assert.Equal(2, sharedAtB.Devices.Count);
        Assert.Contains(sharedAtB.Devices, d => d.Id.Span.SequenceEqual(_a.Id.Bytes));
        Assert.Contains(sharedAtB.Devices, d => d.Id.Span.SequenceEqual(_b.Id.Bytes) && d.IndexId == _b.Store.GetLocalIndexId(Shared));

        // B did not list "onlyA": it is pending at B, and A never starts sending it.
        var pending = Assert.Single(_b.Model.PendingFolders);
        Assert.Equal((OnlyA, "onlyA label", _a.Id), (pending.FolderId, pending.Label, pending.DeviceId));
        Assert.Equal([Shared], _a.Model.SentSequences(_b.Id).Keys);
        Assert.Empty(_b.Indexes(OnlyA));

        var connection = Assert.Single(_a.Model.GetConnections());
        Assert.True(connection.Connected);
        Assert.Equal(_b.Id, connection.DeviceId);
        Assert.Equal("tcp-server", connection.Type);
        Assert.StartsWith("TLS1.3-", connection.Crypto, StringComparison.Ordinal);
        Assert.Equal("B", connection.DeviceName);
        Assert.NotEmpty(connection.ClientVersion);
        Assert.NotNull(connection.StartedAt);
        Assert.True(connection.OutBytesTotal > 0);
    }

    [Fact]
    public async Task LocalChanges_AreSentAsIndexUpdates_WithExactlyTheNewSequences()
    {
        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");

        _a.Change(Shared, _a.File("f2", 2), _a.File("f4", 1));
        _a.Change(Shared, _a.File("f1", 2, deleted: true));
        // The recorder logs a message only after the model applied it and raised RemoteIndexUpdated, so waiting for
        // the log (not the store, which is updated first) leaves no message still being handled.
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).SelectMany(m => m.Files).Any(f => f.Sequence == 6), "A's updates at B");

        var later = _b.Indexes(Shared).Skip(1).ToList();
        Assert.All(later, m => Assert.Equal("IndexUpdate", m.Kind));
        Assert.Equal([4L, 5, 6], later.SelectMany(m => m.Files).Select(f => f.Sequence));
        Assert.True(_b.Store.GetRemote(Shared, _a.Id, "f1")!.Deleted);
        Assert.Equal(2UL, _b.Store.GetRemote(Shared, _a.Id, "f2")!.Version.Counters[0].Value);
        Assert.NotNull(_b.Store.GetRemote(Shared, _a.Id, "f4"));
        var update = Assert.Single(_b.RemoteUpdates, u => u.Sequence == 6);
        Assert.Equal((Shared, _a.Id, false), (update.Folder, update.Device, update.ReplacedAll));
    }

    [Fact]
    public async Task Reconnect_WithNothingChanged_SendsNoIndex()
    {
        var connection = await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");
        await DisconnectAsync(connection);
        var before = _b.Indexes(Shared).Count;

        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(
            () => _a.Model.SentSequences(_b.Id).TryGetValue(Shared, out var sent) && sent == 3, "A's sender to resume after 3");

        // B told A it has A's index up to 3; A resumes there.
        var secondFromB = _a.Log.Where(r => r.Kind == "ClusterConfig").Last().ClusterConfig!;
        var bViewOfA = Assert.Single(secondFromB.Folders[0].Devices, d => d.Id.Span.SequenceEqual(_a.Id.Bytes));
        Assert.Equal((_a.Store.GetLocalIndexId(Shared), 3L), (bViewOfA.IndexId, bViewOfA.MaxSequence));

        // Messages arrive in order: the first index message after reconnecting must be the update for sequence 4.
        _a.Change(Shared, _a.File("f5", 1));
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Skip(before).SelectMany(m => m.Files).Any(f => f.Sequence == 4), "A's update at B");
        Assert.Equal(4, _b.Store.GetRemoteIndex(Shared, _a.Id).MaxSequence);
        var after = _b.Indexes(Shared).Skip(before).ToList();
        var only = Assert.Single(after);
        Assert.Equal("IndexUpdate", only.Kind);
        Assert.Equal([4L], only.Files.Select(f => f.Sequence));
        Assert.NotNull(_b.Store.GetRemote(Shared, _a.Id, "f1"));
    }

    [Fact]
    public async Task IndexIdReset_DropsThePeersData_AndSendsAFullIndex()
    {
        var connection = await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");
        await DisconnectAsync(connection);
        _b.Store.ApplyRemote(Shared, _a.Id, [_a.File("ghost", 1) with { Sequence = 3 }], replaceAll: false);
        var newId = _a.Store.ResetLocalIndexId(Shared);
        var before = _b.Indexes(Shared).Count;

        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count > before, "A's new index at B");

        var full = _b.Indexes(Shared)[before];
        Assert.Equal("Index", full.Kind);
        Assert.Equal([1L, 2, 3], full.Files.Select(f => f.Sequence));
        Assert.Null(_b.Store.GetRemote(Shared, _a.Id, "ghost"));
        Assert.Equal(newId, _b.Store.GetRemoteIndex(Shared, _a.Id).IndexId);
    }

    [Theory]
    [InlineData("nope", "handling index for nope: nope: no such folder")]
    [InlineData(OnlyA, "handling index for onlyA: no such folder")]
    public async Task IndexForAFolderNotExchanged_ClosesTheConnection(string folder, string reason)
    {
        var connection = await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _a.Model.SentSequences(_b.Id).ContainsKey(Shared), "the exchange to start");

        await connection.SendAsync(new Syncthing.Engine.Protocol.Wire.Index { Folder = folder, Files = { WireMapping.ToWire(_b.File("x", 1) with { Sequence = 1 }) } }, default);

        Assert.Equal("closed by remote: " + reason, await connection.Closed.WaitAsync(ModelNode.Limit));
        Assert.Null(_a.Store.GetRemote(folder, _b.Id, "x"));
    }

    [Theory]
    [InlineData(true, "handling cluster-config: local device missing in cluster config")]
    [InlineData(false, "handling cluster-config: remote device missing in cluster config")]
    public async Task ClusterConfigMissingADevice_ClosesWithReason(bool listSender, string reason)
    {
        var connection = await _b.DialAsync(_a);
        var folder = new Folder { Id = "unknown-to-a" };
        folder.Devices.Add(new Device { Id = ByteString.CopyFrom(listSender ? _b.Id.Bytes : _a.Id.Bytes) });

        await connection.SendAsync(new ClusterConfig { Folders = { folder } }, default);

        Assert.Equal("closed by remote: " + reason, await connection.Closed.WaitAsync(ModelNode.Limit));
    }

    [Fact]
    public async Task Requests_AreAnsweredWithErrorCodes_UntilBlocksAreServed()
    {
        var connection = await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");

        async Task<ErrorCode> Ask(string folder, string name) =>
            (await connection.RequestAsync(new Request { Folder = folder, Name = name, Size = 5, Hash = ByteString.CopyFrom(new byte[32]) }, new CancellationTokenSource(ModelNode.Limit).Token)).Code;

        Assert.Equal(ErrorCode.Generic, await Ask(Shared, "f1"));
        Assert.Equal(ErrorCode.NoSuchFile, await Ask(Shared, "missing"));
        Assert.Equal(ErrorCode.InvalidFile, await Ask(Shared, ".stignore"));
        Assert.Equal(ErrorCode.Generic, await Ask("nope", "f1"));
    }

    [Fact]
    public async Task BlockRequests_CarryTheBlocksStrongAndWeakHash()
    {
        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");
        var hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        // A's index entries have no data on disk, so A refuses; what matters is what B asked for.
        await Assert.ThrowsAsync<Syncthing.Engine.Puller.BlockFetchException>(() =>
            _b.Model.RequestAsync(_a.Id, Shared, "f1", new BlockRef(0, 5, hash, 0x1234_5678), new CancellationTokenSource(ModelNode.Limit).Token));

        var request = Assert.Single(_a.Log, r => r.Kind == "Request").Request!;
        Assert.Equal(("f1", 0L, 5, 0x1234_5678u), (request.Name, request.Offset, request.Size, request.WeakHash));
        Assert.Equal(hash, request.Hash.ToByteArray());
    }

    [Fact]
    public async Task ConfigurationChange_SharingAnOfferedFolder_StartsItsExchange()
    {
        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");
        Assert.Single(_b.Model.PendingFolders);

        await _b.Model.SetConfigurationAsync(_b.Config([_a], (Shared, [_a]), (OnlyA, [_a])), default);

        await ModelNode.WaitUntilAsync(() => _b.Indexes(OnlyA).Count >= 1 && _b.Store.GetRemote(OnlyA, _a.Id, "o1") is not null, "A's onlyA index at B");
        Assert.Equal("Index", _b.Indexes(OnlyA)[0].Kind);
        Assert.NotNull(_b.Store.GetRemote(OnlyA, _a.Id, "o1"));
        Assert.Empty(_b.Model.PendingFolders);
        Assert.Equal(2, _a.Log.Last(r => r.Kind == "ClusterConfig").ClusterConfig!.Folders.Count);
    }

    [Fact]
    public async Task ConfigurationChange_AcceptsThePeersIndexBeforeTheNewClusterConfigReachesIt()
    {
        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Indexes(Shared).Count >= 1, "A's index at B");

        // The moment A reads B's ClusterConfig listing onlyA, A may answer with its index: B must already take it.
        var readyAtB = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _a.Observe = r =>
        {
            if (r.Kind == "ClusterConfig" && r.ClusterConfig!.Folders.Any(f => f.Id == OnlyA))
            {
                readyAtB.TrySetResult(_b.Model.SentSequences(_a.Id).ContainsKey(OnlyA));
            }
        };

        await _b.Model.SetConfigurationAsync(_b.Config([_a], (Shared, [_a]), (OnlyA, [_a])), default);

        Assert.True(await readyAtB.Task.WaitAsync(ModelNode.Limit));
        await ModelNode.WaitUntilAsync(() => _b.Store.GetRemote(OnlyA, _a.Id, "o1") is not null, "A's onlyA index at B");
        Assert.DoesNotContain(_b.Log, r => r.Kind.StartsWith("Closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownDevice_IsRefused_AndRecordedAsPending()
    {
        await using var c = new ModelNode("C");
        c.Start(c.Config([_a]));
        try
        {
            await c.DialAsync(_a);
        }
        catch (Exception e) when (e is BepProtocolException or IOException or OperationCanceledException)
        {
            // Refused: how the dialer notices depends on timing.
        }

        await ModelNode.WaitUntilAsync(() => _a.Model.PendingDevices.Count == 1, "the pending device");
        var pending = _a.Model.PendingDevices[0];
        Assert.Equal((c.Id, "C"), (pending.DeviceId, pending.Name));
        Assert.StartsWith("127.0.0.1:", pending.Address, StringComparison.Ordinal);
        Assert.DoesNotContain(_a.Model.GetConnections(), x => x.DeviceId == c.Id);
        Assert.False(_a.Service.TryGetConnection(c.Id, out _));
    }

    private async Task DisconnectAsync(BepConnection connection)
    {
        await connection.CloseAsync("test disconnect");
        await ModelNode.WaitUntilAsync(
            () => !_a.Service.TryGetConnection(_b.Id, out _) && !_b.Service.TryGetConnection(_a.Id, out _)
                && !_a.Model.GetConnections().Any(x => x.Connected),
            "both ends to see the disconnect");
    }
}
