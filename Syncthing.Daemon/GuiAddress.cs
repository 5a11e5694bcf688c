using System.Globalization;
using System.Net;

namespace Syncthing.Daemon;

/// <summary>
/// Parses a GUI address as config.xml (<c>127.0.0.1:8384</c>) or <c>--gui-address</c> (<c>http://127.0.0.1:8384</c>)
/// give it. <c>localhost</c> means 127.0.0.1, an empty host or <c>0.0.0.0</c> all IPv4 addresses, <c>[::]</c> all
/// IPv6 ones. HTTPS and UNIX sockets are not supported (<see cref="FormatException"/>).
/// </summary>
internal static class GuiAddress
{
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Trim();
        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"GUI address '{address}': HTTPS is not supported yet; use http://.");
        }

        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            text = text["http://".Length..].TrimEnd('/');
        }
        else if (text.StartsWith('/') || text.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"GUI address '{address}': UNIX sockets are not supported.");
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.EndsWith(']')
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > IPEndPoint.MaxPort)
        {
            throw new FormatException($"GUI address '{address}' has no valid port (expected host:port).");
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            throw new FormatException($"GUI address '{address}': the host must be an IP address or localhost.");
        }

        return new IPEndPoint(ip, port);
    }
}
