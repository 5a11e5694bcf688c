using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Syncthing.Engine.Protocol.Compression;

/// <summary>
/// Raw LZ4 <em>block</em> codec (BEP §2.3): a sequence of token / literals / offset / match-length records with no
/// frame header, magic, checksum or size prefix. Interoperates with any standard LZ4 block codec (pierrec/lz4 in
/// Syncthing, liblz4, python-lz4 <c>lz4.block</c>).
/// </summary>
/// <remarks>
/// <para>The encoder is a single-pass greedy matcher over a hash table of 4-byte sequences (as liblz4's "fast"
/// level, acceleration 1). It obeys the block end rules so strict decoders accept its output: the last
/// <see cref="LastLiterals"/> bytes are always literals and no match starts within the last
/// <see cref="MatchFindLimit"/> bytes. The decoder lives in <c>Lz4Block.Decode.cs</c>.</para>
/// <para>The encoder reads through <see cref="Unsafe"/> for speed; every index it touches is kept inside
/// <c>source</c> by the loop limits noted at each read. All writes go through bounds-checked spans.</para>
/// </remarks>
internal static partial class Lz4Block
{
    /// <summary>Shortest match the format can express.</summary>
    internal const int MinMatch = 4;

    /// <summary>End rule: the last 5 bytes of a block are always literals.</summary>
    internal const int LastLiterals = 5;

    /// <summary>End rule (MFLIMIT): no match may start within the last 12 bytes.</summary>
    internal const int MatchFindLimit = 12;

    /// <summary>Inputs shorter than this are emitted as one literal run.</summary>
    internal const int MinInputForMatch = MatchFindLimit + 1;

    /// <summary>Largest back-reference distance (16-bit little-endian offset).</summary>
    internal const int MaxOffset = 65535;

    /// <summary>Largest input the encoder accepts (liblz4's LZ4_MAX_INPUT_SIZE).</summary>
    internal const int MaxInputLength = 0x7E000000;

    /// <summary>Length nibble value meaning "more length bytes follow".</summary>
    internal const int RunMask = 15;

    // After 2^6 consecutive misses the search step grows by one, so incompressible data is skipped quickly.
    private const int SkipTrigger = 6;

    // 2^12 ints (16 KiB) for message-sized inputs, 2^16 (256 KiB) once the input is large enough to pay for
    // clearing it. Both are rented, never allocated per call.
    private const int SmallHashLog = 12;
    private const int LargeHashLog = 16;
    private const int LargeInputThreshold = 256 * 1024;

    /// <summary>Worst-case size of the block produced for <paramref name="inputLength"/> bytes.</summary>
    /// <remarks>All-literal encoding: 1 token + one extension byte per 255 literals + the literals, plus slack,
    /// the same bound as liblz4's LZ4_COMPRESSBOUND.</remarks>
    public static int MaxCompressedLength(int inputLength)
    {
        if ((uint)inputLength > MaxInputLength)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, "LZ4 input length out of range.");
        }

        return inputLength + (inputLength / 255) + 16;
    }

    /// <summary>
    /// Compresses <paramref name="source"/> into one raw LZ4 block.
    /// </summary>
    /// <returns>The number of bytes written to <paramref name="destination"/>, or 0 when the block does not fit
    /// (a destination of <see cref="MaxCompressedLength"/> bytes always fits). An empty input yields the 1-byte
    /// block <c>00</c>, so 0 is never a successful result.</returns>
    /// <exception cref="ArgumentException">The source is longer than <see cref="MaxInputLength"/>.</exception>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length > MaxInputLength)
        {
            throw new ArgumentException("LZ4 input is too large.", nameof(source));
        }

        if (source.Length < MinInputForMatch)
        {
            var written = 0;
            return TryWriteLastLiterals(source, destination, ref written) ? written : 0;
        }

        var hashLog = source.Length < LargeInputThreshold ? SmallHashLog : LargeHashLog;
        var rented = ArrayPool<int>.Shared.Rent(1 << hashLog);
        try
        {
            var table = rented.AsSpan(0, 1 << hashLog);
            table.Clear();
            return CompressCore(source, destination, table, 32 - hashLog);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    // Requires source.Length >= MinInputForMatch. The table maps hash(4 bytes) -> last position seen with that
    // hash; a zeroed entry simply proposes position 0, which the byte comparison then accepts or rejects.
    private static int CompressCore(ReadOnlySpan<byte> source, Span<byte> destination, Span<int> table, int shift)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        var length = source.Length;
        var matchStartLimit = length - MatchFindLimit; // a match may start only at ip < matchStartLimit
        var matchEndLimit = length - LastLiterals;     // and must end at or before matchEndLimit
        var anchor = 0;                                // first byte not yet emitted
        var op = 0;

        table[Hash(Read32(ref src, 0), shift)] = 0;
        var ip = 1;

        while (true)
        {
            // Search for a 4-byte match. Invariant: every table entry is < ip, so candidate < ip.
            int candidate;
            var step = 1;
            var attempts = 1 << SkipTrigger;
            while (true)
            {
                if (ip >= matchStartLimit)
                {
                    return TryWriteLastLiterals(source[anchor..], destination, ref op) ? op : 0;
                }

                var sequence = Read32(ref src, ip); // ip + 3 < length - 12
                var h = Hash(sequence, shift);
                candidate = table[h];
                table[h] = ip;
                if (ip - candidate <= MaxOffset && Read32(ref src, candidate) == sequence)
                {
                    break;
                }

                ip += step;
                step = attempts++ >> SkipTrigger;
            }

            // Extend backwards over literals that also match.
            while (ip > anchor && candidate > 0 && Unsafe.Add(ref src, ip - 1) == Unsafe.Add(ref src, candidate - 1))
            {
                ip--;
                candidate--;
            }

            // ip + MinMatch <= length - 9, so the forward scan starts before matchEndLimit.
            var matchLength = MinMatch + CountEqual(ref src, ip + MinMatch, candidate + MinMatch, matchEndLimit);
            if (!TryWriteSequence(source[anchor..ip], matchLength, ip - candidate, destination, ref op))
            {
                return 0;
            }

            ip += matchLength;
            anchor = ip;
            if (ip >= matchStartLimit)
            {
                return TryWriteLastLiterals(source[anchor..], destination, ref op) ? op : 0;
            }

            // Seed the table with a position inside the match (as liblz4 does) to help the next search.
            table[Hash(Read32(ref src, ip - 2), shift)] = ip - 2;
        }
    }

    /// <summary>Counts equal bytes at <paramref name="a"/> and <paramref name="b"/> (b &lt; a) up to
    /// <paramref name="limit"/>, which bounds every read.</summary>
    private static int CountEqual(ref byte src, int a, int b, int limit)
    {
        var start = a;
        while (a <= limit - sizeof(ulong))
        {
            var diff = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, a))
                ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, b));
            if (diff != 0)
            {
                var equalBits = BitConverter.IsLittleEndian
                    ? BitOperations.TrailingZeroCount(diff)
                    : BitOperations.LeadingZeroCount(diff);
                return a - start + (equalBits >> 3);
            }

            a += sizeof(ulong);
            b += sizeof(ulong);
        }

        while (a < limit && Unsafe.Add(ref src, a) == Unsafe.Add(ref src, b))
        {
            a++;
            b++;
        }

        return a - start;
    }

    /// <summary>Writes one literals + match sequence, or returns false when it does not fit.</summary>
    private static bool TryWriteSequence(ReadOnlySpan<byte> literals, int matchLength, int offset, Span<byte> destination, ref int op)
    {
        var literalCount = literals.Length;
        var matchCode = matchLength - MinMatch;
        long needed = 1 + ExtensionLength(literalCount) + literalCount + 2 + ExtensionLength(matchCode);
        if (needed > destination.Length - op)
        {
            return false;
        }

        var tokenIndex = op++;
        destination[tokenIndex] = (byte)((Math.Min(literalCount, RunMask) << 4) | Math.Min(matchCode, RunMask));
        WriteExtension(literalCount, destination, ref op);
        literals.CopyTo(destination[op..]);
        op += literalCount;
        destination[op] = (byte)offset;
        destination[op + 1] = (byte)(offset >> 8);
        op += 2;
        WriteExtension(matchCode, destination, ref op);
        return true;
    }

    /// <summary>Writes the final literals-only sequence, or returns false when it does not fit.</summary>
    private static bool TryWriteLastLiterals(ReadOnlySpan<byte> literals, Span<byte> destination, ref int op)
    {
        var literalCount = literals.Length;
        long needed = 1 + ExtensionLength(literalCount) + literalCount;
        if (needed > destination.Length - op)
        {
            return false;
        }

        destination[op++] = (byte)(Math.Min(literalCount, RunMask) << 4);
        WriteExtension(literalCount, destination, ref op);
        literals.CopyTo(destination[op..]);
        op += literalCount;
        return true;
    }

    /// <summary>Bytes needed after the token for a length whose nibble saturates at 15.</summary>
    private static int ExtensionLength(int value) => value < RunMask ? 0 : ((value - RunMask) / 255) + 1;

    // Space was checked by the caller. A run of 255s followed by the remainder (which may be 0).
    private static void WriteExtension(int value, Span<byte> destination, ref int op)
    {
        if (value < RunMask)
        {
            return;
        }

        var rest = value - RunMask;
        var fullBytes = rest / 255;
        destination.Slice(op, fullBytes).Fill(255);
        op += fullBytes;
        destination[op++] = (byte)(rest - (fullBytes * 255));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Read32(ref byte src, int index) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref src, index));

    // Knuth's multiplicative hash; the top bits index the table. Endianness only changes which positions
    // collide, never correctness, because every candidate is verified byte for byte.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(uint sequence, int shift) => (int)((sequence * 2654435761u) >> shift);
}
