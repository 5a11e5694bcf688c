using System.Globalization;
using System.Net;

namespace Syncthing.Interop.Tests.Daemon;

/// <summary>The inet sockets a Linux process holds: its /proc/PID/fd socket inodes joined with /proc/PID/net/{tcp,tcp6,udp,udp6}.</summary>
internal static class ProcSockets
{
    /// <summary>One inet socket: protocol ("tcp", "udp6"…), local and remote endpoints, and the kernel state (0A = LISTEN).</summary>
    public sealed record InetSocket(string Protocol, IPEndPoint Local, IPEndPoint Remote, string State)
    {
        public bool IsListening => State == "0A";

        public override string ToString() => $"{Protocol} {Local} -> {Remote} state {State}";
    }

    /// <summary>Socket inodes of the process's open file descriptors.</summary>
    public static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed meanwhile
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        return inodes;
    }

    /// <summary>(inet sockets of the process, number of its other sockets: UNIX, netlink…).</summary>
    public static (List<InetSocket> Inet, int Other) Read(int pid)
    {
        var inodes = SocketInodes(pid);
        var inet = new List<InetSocket>();
        foreach (var protocol in new[] { "tcp", "tcp6", "udp", "udp6", "raw", "raw6" })
        {
            var path = $"/proc/{pid}/net/{protocol}";
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && inodes.Remove(f[9]))
                {
                    inet.Add(new InetSocket(protocol, Endpoint(f[1]), Endpoint(f[2]), f[3]));
                }
            }
        }

        return (inet, inodes.Count);
    }

    /// <summary>Parses the kernel's hex "ADDR:PORT" (address in host byte order per 32-bit word).</summary>
    private static IPEndPoint Endpoint(string hex)
    {
        var colon = hex.IndexOf(':', StringComparison.Ordinal);
        var port = int.Parse(hex.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var addressHex = hex[..colon];
        var bytes = new byte[addressHex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            var value = uint.Parse(addressHex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        return new IPEndPoint(new IPAddress(bytes), port);
    }
}
