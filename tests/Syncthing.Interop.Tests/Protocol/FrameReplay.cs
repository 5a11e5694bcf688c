using Syncthing.Engine.Protocol;

namespace Syncthing.Interop.Tests.Protocol;

/// <summary>Splits a captured post-Hello byte stream back into frames (raw bytes and decoded message).</summary>
internal static class FrameReplay
{
    public static List<(byte[] Raw, BepMessage Message)> Read(byte[] stream)
    {
        var result = new List<(byte[], BepMessage)>();
        using var ms = new MemoryStream(stream);
        while (ms.Position < ms.Length)
        {
            var start = ms.Position;
            BepMessage message;
            try
            {
                message = FrameCodec.ReadAsync(ms, BepLimits.MaxMessageLength, default).GetAwaiter().GetResult();
            }
            catch (BepProtocolException) when (ms.Position == ms.Length)
            {
                break; // a frame cut off at the end of the capture
            }

            result.Add((stream[(int)start..(int)ms.Position], message));
        }

        return result;
    }

    /// <summary>With STPS_CAPTURE_GOLDEN=DIR, writes the first few compressed frames there (to refresh golden files).</summary>
    public static void SaveGoldenIfRequested(IEnumerable<(Syncthing.Engine.Protocol.Wire.MessageType Type, byte[] Raw)> frames)
    {
        var dir = Environment.GetEnvironmentVariable("STPS_CAPTURE_GOLDEN");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        var i = 0;
        foreach (var (type, raw) in frames.Take(4))
        {
            File.WriteAllBytes(Path.Combine(dir, $"syncthing-1.19.2-{type.ToString().ToLowerInvariant()}-{i++}.bin"), raw);
        }
    }
}
