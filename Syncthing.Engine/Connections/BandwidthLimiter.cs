using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Connections;

/// <summary>
/// The node's bandwidth limits, as Syncthing applies them: <c>options/maxSendKbps</c> and <c>maxRecvKbps</c> cap all
/// connections together, a device's own <c>maxSendKbps</c>/<c>maxRecvKbps</c> cap its connection, and both hold at
/// once (the slower wins). A unit is 1024 bytes per second; 0 is unlimited. Connections from the local network
/// (loopback, link-local, a network of one of this machine's interfaces, or an <c>alwaysLocalNet</c>) are not
/// limited unless <c>limitBandwidthInLan</c> is set. Limits follow configuration changes on open connections.
/// </summary>
public sealed class BandwidthLimiter
{
    /// <summary>Bytes that pass without waiting after an idle period, and the largest piece charged at once (Syncthing: 512 KiB).</summary>
    internal const int BurstBytes = 512 * 1024;

    private readonly Func<Configuration> _configuration;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly TokenBucket _send;
    private readonly TokenBucket _receive;
    private Dictionary<DeviceId, (TokenBucket Send, TokenBucket Receive)> _devices = [];
    private IPNetwork[] _alwaysLocal = [];
    private bool _limitLan;
    private Configuration? _applied;

    /// <param name="configuration">Returns the current configuration; it is re-read when its reference changes.</param>
    /// <param name="time">The clock the waits use.</param>
    public BandwidthLimiter(Func<Configuration> configuration, TimeProvider? time = null)
    {
        _configuration = configuration;
        _time = time ?? TimeProvider.System;
        _send = new TokenBucket(_time, BurstBytes);
        _receive = new TokenBucket(_time, BurstBytes);
    }

    /// <summary>Wraps an authenticated connection's stream so its transfers are charged to the limits.</summary>
    public Stream Wrap(DeviceId device, EndPoint? remote, Stream inner) =>
        new RateLimitedStream(inner, new ConnectionBuckets(this, device, IsLan(remote)), _time);

    /// <summary>Whether a peer at <paramref name="remote"/> counts as on the local network (then unlimited by default).</summary>
    public bool IsLan(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || IsIPv4LinkLocal(address))
        {
            return true;
        }

        Refresh();
        IPNetwork[] alwaysLocal;
        lock (_gate)
        {
            alwaysLocal = _alwaysLocal;
        }

        return alwaysLocal.Any(n => n.Contains(address)) || InterfaceNetworks().Any(n => n.Contains(address));
    }

    internal BucketPair Buckets(DeviceId device, bool lan, bool send)
    {
        Refresh();
        lock (_gate)
        {
            if (lan && !_limitLan)
            {
                return BucketPair.Unlimited;
            }

            var node = send ? _send : _receive;
            TokenBucket? own = null;
            if (_devices.TryGetValue(device, out var buckets))
            {
                own = send ? buckets.Send : buckets.Receive;
            }

            return new BucketPair(
                own is { BytesPerSecond: > 0 } ? own : null,
                node.BytesPerSecond > 0 ? node : null);
        }
    }

    private void Refresh()
    {
        var current = _configuration();
        if (ReferenceEquals(current, Volatile.Read(ref _applied)))
        {
            return;
        }

        lock (_gate)
        {
            var options = current.Options;
            _send.SetRate(BytesPerSecond(options.MaxSendKbps));
            _receive.SetRate(BytesPerSecond(options.MaxRecvKbps));
            var devices = new Dictionary<DeviceId, (TokenBucket, TokenBucket)>();
            foreach (var d in current.Devices)
            {
                var buckets = _devices.TryGetValue(d.DeviceId, out var kept)
                    ? kept
                    : (new TokenBucket(_time, BurstBytes), new TokenBucket(_time, BurstBytes));
                buckets.Item1.SetRate(BytesPerSecond(d.MaxSendKbps));
                buckets.Item2.SetRate(BytesPerSecond(d.MaxRecvKbps));
                devices[d.DeviceId] = buckets;
            }

            _devices = devices;
            _limitLan = options.LimitBandwidthInLan;
            _alwaysLocal = options.AlwaysLocalNets
                .Select(s => IPNetwork.TryParse(s.Trim(), out var n) ? n : (IPNetwork?)null)
                .OfType<IPNetwork>()
                .ToArray();
            Volatile.Write(ref _applied, current);
        }
    }

    private static long BytesPerSecond(int kbps) => kbps <= 0 ? 0 : kbps * 1024L;

    private static bool IsIPv4LinkLocal(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes[0] == 169 && bytes[1] == 254;
    }

    private static IEnumerable<IPNetwork> InterfaceNetworks()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            yield break;
        }

        foreach (var ni in interfaces)
        {
            foreach (var unicast in ni.GetIPProperties().UnicastAddresses)
            {
                if (unicast.PrefixLength is > 0 and var prefix && prefix <= (unicast.Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
                {
                    yield return new IPNetwork(Network(unicast.Address, prefix), prefix);
                }
            }
        }
    }

    /// <summary>The address with its host bits cleared (IPNetwork refuses a base address with host bits set).</summary>
    private static IPAddress Network(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private sealed class ConnectionBuckets(BandwidthLimiter owner, DeviceId device, bool lan) : IBandwidthBuckets
    {
        public BucketPair Send() => owner.Buckets(device, lan, send: true);

        public BucketPair Receive() => owner.Buckets(device, lan, send: false);
    }
}
