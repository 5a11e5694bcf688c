using Google.Protobuf;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// Reads a Response (<c>int32 id = 1; bytes data = 2; ErrorCode code = 3</c>) whose data is a slice of the received
/// payload instead of a fresh copy, so a block travels from the TLS stream to the file through one rented buffer.
/// Anything this reader does not expect (another field, another wire type, a truncated value) makes it decline, and
/// the caller parses the payload with the generated parser, which accepts or rejects it exactly as before.
/// </summary>
internal static class ResponseReader
{
    public static bool TryRead(ReadOnlyMemory<byte> payload, out Response response)
    {
        var span = payload.Span;
        var position = 0;
        var id = 0;
        var code = ErrorCode.NoError;
        var data = ByteString.Empty;
        while (position < span.Length)
        {
            if (!TryReadVarint(span, ref position, out var tag))
            {
                break;
            }

            switch (tag)
            {
                case (1 << 3) | 0 when TryReadVarint(span, ref position, out var value):
                    id = unchecked((int)value);
                    continue;
                case (3 << 3) | 0 when TryReadVarint(span, ref position, out var value):
                    code = (ErrorCode)unchecked((int)value);
                    continue;
                case (2 << 3) | 2 when TryReadVarint(span, ref position, out var length) && length <= (ulong)(span.Length - position):
                    data = UnsafeByteOperations.UnsafeWrap(payload.Slice(position, (int)length));
                    position += (int)length;
                    continue;
            }

            response = null!;
            return false;
        }

        if (position != span.Length)
        {
            response = null!;
            return false;
        }

        response = new Response { Id = id, Code = code, Data = data };
        return true;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> span, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < span.Length; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
