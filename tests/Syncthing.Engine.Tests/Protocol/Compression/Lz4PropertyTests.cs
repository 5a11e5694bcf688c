using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Tests.Protocol.Compression;

public class Lz4PropertyTests
{
    private static readonly FsCheck.Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500);

    // Input shapes: raw random bytes from FsCheck, or seeded structured data of up to 20 KB.
    private static readonly Arbitrary<byte[]> Inputs = Gen.OneOf(
            ArbMap.Default.ArbFor<byte[]>().Generator,
            Gen.Choose(0, 20_000).SelectMany(length => Gen.Choose(0, int.MaxValue - 1), Lz4TestData.Mixed))
        .ToArbitrary();

    private static byte[] Wrap(byte[] input)
    {
        var buffer = new byte[Lz4Message.MaxCompressedLength(input.Length)];
        return buffer[..Lz4Message.Compress(input, buffer)];
    }

    /// <summary>Runs the decoder and accepts only success or <see cref="BepProtocolException"/>.</summary>
    private static bool DecodesOrRejects(byte[] message)
    {
        try
        {
            using var decoded = Lz4Message.Decompress(message);
            return decoded.Memory.Length == BinaryPrimitives.ReadInt32BigEndian(message);
        }
        catch (BepProtocolException)
        {
            return true;
        }
    }

    [Fact]
    public void RandomInputs_RoundTrip() =>
        Check.One(Config, Prop.ForAll(Inputs, input =>
        {
            using var decoded = Lz4Message.Decompress(Wrap(input));
            return decoded.Memory.Span.SequenceEqual(input);
        }));

    [Fact]
    public void RandomBytes_AsBlock_OnlyEverRaiseBepProtocolException() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), Gen.Choose(0, 5000).ToArbitrary(),
            (block, capacity) =>
            {
                try
                {
                    var written = Lz4Block.Decompress(block, new byte[capacity]);
                    return written >= 0 && written <= capacity;
                }
                catch (BepProtocolException)
                {
                    return true;
                }
            }));

    [Fact]
    public void RandomBytes_AsMessage_OnlyEverRaiseBepProtocolException() =>
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<uint>(),
            (block, declared) =>
            {
                var message = new byte[4 + block.Length];
                BinaryPrimitives.WriteUInt32BigEndian(message, declared % 3 == 0 ? declared % 4096 : declared);
                block.CopyTo(message, 4);
                return DecodesOrRejects(message);
            }));

    [Fact]
    public void CorruptedValidPayloads_OnlyEverRaiseBepProtocolException()
    {
        var corruptions = Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, int.MaxValue - 1), (kind, seed) => (kind, seed));
        Check.One(Config, Prop.ForAll(Inputs, corruptions.ToArbitrary(), (input, corruption) =>
        {
            var message = Wrap(input);
            var rng = new Random(corruption.seed);
            switch (corruption.kind)
            {
                case 0: // flip a few bytes (the prefix included)
                    for (var i = rng.Next(1, 4); i > 0; i--)
                    {
                        message[rng.Next(message.Length)] ^= (byte)rng.Next(1, 256);
                    }

                    break;
                case 1: // truncate
                    message = message[..rng.Next(message.Length)];
                    break;
                case 2: // append garbage
                    var garbage = new byte[rng.Next(1, 8)];
                    rng.NextBytes(garbage);
                    message = [.. message, .. garbage];
                    break;
                default: // overwrite a span with random bytes
                    var start = rng.Next(4, Math.Max(5, message.Length));
                    var length = Math.Min(message.Length - start, rng.Next(1, 16));
                    if (length > 0)
                    {
                        rng.NextBytes(message.AsSpan(start, length));
                    }

                    break;
            }

            return DecodesOrRejects(message);
        }));
    }

    // Random garbage blocks of 0..2000 bytes, built from a seed so they are not only FsCheck's short arrays.
    private static readonly Gen<byte[]> Garbage =
        Gen.Choose(0, 2000).SelectMany(length => Gen.Choose(0, int.MaxValue - 1), Lz4TestData.Random);

    private static long AllocatedWhileDecoding(byte[] block, int declared, out bool ok)
    {
        var message = new byte[4 + block.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, declared);
        block.CopyTo(message, 4);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ok = DecodesOrRejects(message);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void GarbageDeclaringHugeSize_AllocatesOnlyASmallBound() =>
        Check.One(Config, Prop.ForAll(Garbage.ToArbitrary(), Gen.Choose(1_000_000, 500_000_000).ToArbitrary(),
            (block, declared) =>
            {
                // 255 x 2000 bytes < 1 MB, so every case is rejected from the prefix alone; 64 KiB covers the
                // exception and its stack trace.
                var allocated = AllocatedWhileDecoding(block, declared, out var ok);
                return ok && allocated < 64 * 1024;
            }));

    [Fact]
    public void GarbageWithPlausibleSize_AllocatesAtMostTheExpansionBound() =>
        Check.One(Config, Prop.ForAll(Garbage.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(),
            (block, permille) =>
            {
                // Declared sizes up to a little over the expansion bound, so some are accepted and rented.
                var declared = (int)((long)Lz4Message.MaxExpansionRatio * block.Length * permille / 990);
                var allocated = AllocatedWhileDecoding(block, declared, out var ok);
                // A rented array is at most the next power of two above the declared (<= 255 x block) length.
                return ok && allocated < (2L * Lz4Message.MaxExpansionRatio * block.Length) + (64 * 1024);
            }));
}
