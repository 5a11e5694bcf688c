using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Tests.Protocol;

/// <summary>
/// Property tests of the frame reader against hostile input: random byte streams and valid frames with random
/// corruption only ever produce a decoded message or <see cref="BepProtocolException"/>, and a frame never makes the
/// reader allocate more than a small multiple of the bytes that actually arrived.
/// </summary>
public class FramePropertyTests
{
    private static readonly FsCheck.Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly byte[][] ValidFrames = BuildValidFrames();

    private static byte[][] BuildValidFrames()
    {
        var messages = new List<IMessage>();
        messages.AddRange(((IEnumerable<object[]>)FrameCodecTests.AllMessages()).Select(row => (IMessage)row[0]));
        var index = new Syncthing.Engine.Protocol.Wire.Index { Folder = "f" };
        for (var i = 0; i < 40; i++)
        {
            index.Files.Add(FrameCodecTests.SampleFile($"dir/file{i}.txt"));
        }

        messages.Add(index);
        return messages
            .SelectMany(m => new[] { CompressionMode.Never, CompressionMode.Always }.Select(mode =>
            {
                using var frame = FrameCodec.Encode(m, mode);
                return frame.Memory.ToArray();
            }))
            .ToArray();
    }

    /// <summary>Reads every frame in <paramref name="bytes"/>; true unless something other than BepProtocolException escapes.</summary>
    private static bool ReadsOrRejects(byte[] bytes, out long allocated)
    {
        using var stream = new MemoryStream(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            while (stream.Position < stream.Length)
            {
                // MemoryStream completes synchronously, so the whole read runs on this thread and is measured.
                FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default).GetAwaiter().GetResult();
            }
        }
        catch (BepProtocolException)
        {
            // The only acceptable failure.
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return true;
    }

    /// <summary>What reading <paramref name="length"/> hostile bytes may cost: a constant plus a small multiple.</summary>
    private static long AllocationBound(int length) => 256 * 1024 + (8L * length);

    [Fact]
    public void RandomBytes_OnlyEverRaiseTheProtocolException() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            ReadsOrRejects(bytes, out var allocated) && allocated <= AllocationBound(bytes.Length)));

    [Fact]
    public void CorruptedValidFrames_OnlyEverRaiseTheProtocolException()
    {
        var gen =
            from frameIndex in Gen.Choose(0, ValidFrames.Length - 1)
            from flips in Gen.Choose(1, 4)
            from positions in Gen.ArrayOf(Gen.Choose(0, int.MaxValue - 1), flips)
            from values in Gen.ArrayOf(Gen.Choose(0, 255), flips)
            from truncate in Gen.Choose(0, 3)
            select (frameIndex, positions, values, truncate);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), c =>
            {
                var frame = (byte[])ValidFrames[c.frameIndex].Clone();
                for (var i = 0; i < c.positions.Length; i++)
                {
                    frame[c.positions[i] % frame.Length] = (byte)c.values[i];
                }

                if (c.truncate == 0)
                {
                    frame = frame[..(c.positions[0] % frame.Length)];
                }

                return ReadsOrRejects(frame, out var allocated) && allocated <= AllocationBound(frame.Length) + (4L * ValidFrames[c.frameIndex].Length);
            }));
    }

    [Fact]
    public void HugeDeclaredLengths_AllocateOnlyWhatArrives()
    {
        var gen =
            from declared in Gen.Choose(1_000_000, BepLimits.MaxMessageLength)
            from bodyLength in Gen.Choose(0, 4096)
            from type in Gen.Choose(0, 7)
            from lz4 in Gen.Elements(false, true)
            select (declared, bodyLength, type, lz4);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), c =>
            {
                var header = new Header { Type = (MessageType)c.type, Compression = c.lz4 ? MessageCompression.Lz4 : MessageCompression.None }.ToByteArray();
                var frame = new byte[2 + header.Length + 4 + c.bodyLength];
                frame[0] = 0;
                frame[1] = (byte)header.Length;
                header.CopyTo(frame, 2);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(2 + header.Length), c.declared);
                return ReadsOrRejects(frame, out var allocated) && allocated <= AllocationBound(frame.Length);
            }));
    }
}
