using System.Collections.Concurrent;
using System.Net;
using Syncthing.Engine.Connections;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Protocol;

namespace Syncthing.Engine.Tests.Connections;

/// <summary>Admits the listed devices, sends an empty ClusterConfig on connect, records rejections.</summary>
internal sealed class TestPolicy(params DeviceId[] known) : IConnectionPolicy
{
    public string LocalDeviceName => "test";

    public ConcurrentQueue<(DeviceId Device, Hello Hello)> Rejected { get; } = new();

    public ConcurrentQueue<BepConnection> Connected { get; } = new();

    public DeviceAdmission Admit(DeviceId remote) => known.Contains(remote) ? DeviceAdmission.Allow() : DeviceAdmission.Unknown;

    public IBepMessageHandler CreateHandler(DeviceId remote) => new RecordingHandler();

    public async Task OnConnectedAsync(BepConnection connection, CancellationToken cancellationToken)
    {
        Connected.Enqueue(connection);
        await connection.SendAsync(new ClusterConfig(), cancellationToken);
    }

    public void OnRejected(DeviceId remote, Hello hello, EndPoint? address, string reason) => Rejected.Enqueue((remote, hello));
}
