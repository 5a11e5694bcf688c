using System.Net;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Connections;

/// <summary>What the connection service asks the node: who is welcome, under which name, and who handles messages.</summary>
public interface IConnectionPolicy
{
    /// <summary>Our own device name, sent in Hello to devices we know.</summary>
    string LocalDeviceName { get; }

    /// <summary>The admission decision for a device that completed the TLS handshake.</summary>
    DeviceAdmission Admit(DeviceId remote);

    /// <summary>The handler for messages from an admitted device.</summary>
    IBepMessageHandler CreateHandler(DeviceId remote);

    /// <summary>Called when an admitted connection is ready; the node sends its ClusterConfig first.</summary>
    Task OnConnectedAsync(BepConnection connection, CancellationToken cancellationToken);

    /// <summary>Called for a device that was refused (unknown, paused), with the Hello it sent.</summary>
    void OnRejected(DeviceId remote, Hello hello, EndPoint? address, string reason);
}

/// <summary>Whether a device may connect, and the settings for it.</summary>
public sealed record DeviceAdmission(bool Allowed, string? Reason = null, BepConnectionOptions? Options = null)
{
    public static DeviceAdmission Unknown { get; } = new(false, "unknown device");

    public static DeviceAdmission Paused { get; } = new(false, "device is paused");

    public static DeviceAdmission Allow(BepConnectionOptions? options = null) => new(true, null, options);
}
