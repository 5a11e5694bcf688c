namespace Syncthing.Engine.Protocol.Compression;

internal static partial class Lz4Block
{
    /// <summary>
    /// Decodes one raw LZ4 block from untrusted input.
    /// </summary>
    /// <returns>The number of bytes written to <paramref name="destination"/>.</returns>
    /// <exception cref="BepProtocolException">The block is malformed: truncated, an offset of 0 or reaching before
    /// the start of the output, a literal run past the end of the input, output that would not fit
    /// <paramref name="destination"/>, or bytes after a complete block that do not decode within it.</exception>
    /// <remarks>
    /// <para>Every access is bounds-checked against the two spans; the decoder never allocates (except the
    /// exception it throws) and always terminates, because each sequence consumes at least its token byte.</para>
    /// <para>A block ends with a literals-only sequence: when the input is exhausted right after a literal run,
    /// decoding stops. An empty <paramref name="source"/> is therefore malformed. The decoder does not enforce the
    /// encoder-side end rules (last 5 bytes literals), as pierrec/lz4 and liblz4 do not reject such blocks either.
    /// Trailing garbage is caught by the caller sizing <paramref name="destination"/> exactly: any further
    /// sequence then needs an offset it cannot have or output that does not fit.</para>
    /// </remarks>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var ip = 0;
        var op = 0;
        while (true)
        {
            if (ip >= source.Length)
            {
                throw Malformed("truncated block (missing token)");
            }

            int token = source[ip++];

            // Literals. The run must lie inside the input and fit the output.
            var literalCount = token >> 4;
            if (literalCount == RunMask)
            {
                literalCount = ReadExtendedLength(source, ref ip, RunMask, source.Length - ip, "literal run past end of input");
            }

            if (literalCount > source.Length - ip)
            {
                throw Malformed("literal run past end of input");
            }

            if (literalCount > destination.Length - op)
            {
                throw Malformed("output overflow (literals)");
            }

            source.Slice(ip, literalCount).CopyTo(destination.Slice(op, literalCount));
            ip += literalCount;
            op += literalCount;

            if (ip == source.Length)
            {
                return op; // the last sequence of a block carries literals only
            }

            // Match: 16-bit little-endian offset, then the length.
            if (source.Length - ip < 2)
            {
                throw Malformed("truncated block (match offset)");
            }

            var offset = source[ip] | (source[ip + 1] << 8);
            ip += 2;
            if (offset == 0)
            {
                throw Malformed("match offset 0");
            }

            if (offset > op)
            {
                throw Malformed("match offset before start of output");
            }

            var matchLength = token & RunMask;
            if (matchLength == RunMask)
            {
                matchLength = ReadExtendedLength(source, ref ip, RunMask, destination.Length - op - MinMatch, "output overflow (match)");
            }

            matchLength += MinMatch;
            if (matchLength > destination.Length - op)
            {
                throw Malformed("output overflow (match)");
            }

            CopyMatch(destination, op, offset, matchLength);
            op += matchLength;
        }
    }

    /// <summary>
    /// Reads the 255-terminated length extension that follows a saturated nibble. Fails as soon as the running
    /// total exceeds <paramref name="limit"/>, so the sum cannot overflow and hostile input stops early.
    /// </summary>
    private static int ReadExtendedLength(ReadOnlySpan<byte> source, ref int ip, int initial, int limit, string overflowReason)
    {
        long length = initial;
        while (true)
        {
            if (ip >= source.Length)
            {
                throw Malformed("truncated block (length extension)");
            }

            var b = source[ip++];
            length += b;
            if (length > limit)
            {
                throw Malformed(overflowReason);
            }

            if (b != 255)
            {
                return (int)length;
            }
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> back, LZ77 style: when the
    /// offset is shorter than the length the source overlaps the output and the pattern repeats.</summary>
    private static void CopyMatch(Span<byte> output, int op, int offset, int length)
    {
        var from = op - offset;
        if (offset >= length)
        {
            output.Slice(from, length).CopyTo(output.Slice(op, length));
            return;
        }

        if (offset == 1)
        {
            output.Slice(op, length).Fill(output[from]);
            return;
        }

        // output[from, op) is periodic with period `offset`; copying all of it (a whole number of periods) keeps
        // that true, so each pass may copy up to twice as much as the last, and source and target never overlap.
        var end = op + length;
        while (op < end)
        {
            var chunk = Math.Min(op - from, end - op);
            output.Slice(from, chunk).CopyTo(output.Slice(op, chunk));
            op += chunk;
        }
    }

    private static BepProtocolException Malformed(string reason) => new("LZ4: malformed block: " + reason);
}
