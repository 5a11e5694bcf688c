using Syncthing.Engine.Config;

namespace Syncthing.PowerShell.Core;

/// <summary>Devices of a node's configuration (Add/Get/Set/Remove/Suspend/Resume-SyncDevice).</summary>
internal sealed class DeviceOperations(NodeRegistry registry)
{
    public async Task<IReadOnlyList<SyncDeviceInfo>> GetAsync(string? node, IReadOnlyList<string>? deviceIds, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var devices = await Operations.CallAsync(handle, () => handle.Client.GetDevicesAsync(cancellationToken)).ConfigureAwait(false);
        var connections = await Operations.CallAsync(handle, () => handle.Client.GetConnectionsAsync(cancellationToken)).ConfigureAwait(false);
        var wanted = deviceIds is { Count: > 0 } ? deviceIds.Select(Operations.ParseDevice).ToHashSet() : null;
        foreach (var missing in wanted?.Where(w => devices.All(d => d.DeviceId != w)) ?? [])
        {
            throw NotFound(handle, missing.ToString());
        }

        return [.. devices
            .Where(d => wanted is null || wanted.Contains(d.DeviceId))
            .Select(d => Describe(handle.Name, d, connections.Connections.TryGetValue(d.DeviceId.ToString(), out var c) && c.Connected))];
    }

    /// <summary>Adds (or replaces) a device with static addresses (none: "dynamic").</summary>
    public async Task<SyncDeviceInfo> AddAsync(string? node, string deviceId, string? name, IReadOnlyList<string>? addresses, bool introducer, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var id = Operations.ParseDevice(deviceId);
        var device = new DeviceConfiguration
        {
            DeviceId = id,
            Name = name ?? "",
            Addresses = addresses is { Count: > 0 } ? ValueList.Of([.. addresses]) : ValueList.Of("dynamic"),
            Introducer = introducer,
        };
        await Operations.CallAsync(handle, () => handle.Client.AddDeviceAsync(device, cancellationToken)).ConfigureAwait(false);
        return (await GetAsync(handle.Name, [id.ToString()], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Changes the given properties of a configured device (null: unchanged).</summary>
    public Task<SyncDeviceInfo> SetAsync(string? node, string deviceId, string? name, IReadOnlyList<string>? addresses, bool? paused, bool? introducer, CancellationToken cancellationToken) =>
        ChangeAsync(node, deviceId, d => d with
        {
            Name = name ?? d.Name,
            Addresses = addresses is { Count: > 0 } ? ValueList.Of([.. addresses]) : d.Addresses,
            Paused = paused ?? d.Paused,
            Introducer = introducer ?? d.Introducer,
        }, cancellationToken);

    public Task<SyncDeviceInfo> SuspendAsync(string? node, string deviceId, CancellationToken cancellationToken) =>
        ChangeAsync(node, deviceId, d => d with { Paused = true }, cancellationToken);

    public Task<SyncDeviceInfo> ResumeAsync(string? node, string deviceId, CancellationToken cancellationToken) =>
        ChangeAsync(node, deviceId, d => d with { Paused = false }, cancellationToken);

    /// <summary>Removes a device (and thereby unshares every folder with it); returns what it was.</summary>
    public async Task<SyncDeviceInfo> RemoveAsync(string? node, string deviceId, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var before = (await GetAsync(handle.Name, [deviceId], cancellationToken).ConfigureAwait(false))[0];
        await Operations.CallAsync(handle, () => handle.Client.RemoveDeviceAsync(Operations.ParseDevice(deviceId), cancellationToken)).ConfigureAwait(false);
        return before;
    }

    private async Task<SyncDeviceInfo> ChangeAsync(string? node, string deviceId, Func<DeviceConfiguration, DeviceConfiguration> change, CancellationToken cancellationToken)
    {
        var handle = registry.Get(node);
        var id = Operations.ParseDevice(deviceId);
        var devices = await Operations.CallAsync(handle, () => handle.Client.GetDevicesAsync(cancellationToken)).ConfigureAwait(false);
        var current = devices.FirstOrDefault(d => d.DeviceId == id) ?? throw NotFound(handle, deviceId);
        await Operations.CallAsync(handle, () => handle.Client.AddDeviceAsync(change(current), cancellationToken)).ConfigureAwait(false);
        return (await GetAsync(handle.Name, [id.ToString()], cancellationToken).ConfigureAwait(false))[0];
    }

    private static SyncOperationException NotFound(SyncNodeHandle handle, string deviceId) =>
        new(SyncErrorIds.DeviceNotFound, SyncErrorKind.ObjectNotFound, $"Device {deviceId} is not configured on node '{handle.Name}'.", deviceId);

    private static SyncDeviceInfo Describe(string node, DeviceConfiguration d, bool connected) =>
        new(node, d.DeviceId.ToString(), d.Name, [.. d.Addresses], d.Paused, d.Introducer, connected);
}
