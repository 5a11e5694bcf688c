using System.Net;

namespace Syncthing.Engine.Hosting;

/// <summary>
/// Turns config.xml's <c>listenAddress</c> entries into TCP endpoints. <c>default</c> means
/// <c>tcp://0.0.0.0:22000</c> (1.19 also adds QUIC and relays, which we do not have); an empty host means all
/// IPv4 addresses. Other schemes (quic, relay, dynamic+https) are reported as unsupported.
/// </summary>
internal static class NodeHomeAddresses
{
    public const string DefaultListen = "tcp://0.0.0.0:22000";

    /// <summary>The TCP endpoint for one listen address, or null with the reason it is skipped.</summary>
    public static IPEndPoint? ParseListen(string address, out string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(address);
        skipReason = null;
        var text = address.Trim();
        if (text == "default")
        {
            text = DefaultListen;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : text[..schemeEnd];
        if (scheme is not ("tcp" or "tcp4" or "tcp6"))
        {
            skipReason = $"'{address}': only tcp:// listen addresses are supported (no QUIC, relays or discovery)";
            return null;
        }

        var hostPort = text[(schemeEnd + 3)..];
        var slash = hostPort.IndexOfAny(['/', '?']);
        if (slash >= 0)
        {
            hostPort = hostPort[..slash];
        }

        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            skipReason = $"'{address}': no valid port";
            return null;
        }

        var host = hostPort[..colon].Trim('[', ']');
        IPAddress ip;
        if (host.Length == 0)
        {
            ip = scheme == "tcp6" ? IPAddress.IPv6Any : IPAddress.Any;
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = scheme == "tcp6" ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip!))
        {
            skipReason = $"'{address}': listen addresses must be IP addresses";
            return null;
        }

        return new IPEndPoint(ip, port);
    }
}
