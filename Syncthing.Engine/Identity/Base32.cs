using System.Text;

namespace Syncthing.Engine.Identity;

/// <summary>RFC 4648 base32 with the standard upper-case alphabet and no padding.</summary>
internal static class Base32
{
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Luhn32.Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(Luhn32.Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return sb.ToString();
    }

    /// <summary>Decodes unpadded base32 into <paramref name="destination"/>; false on a bad character or length.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.Length * 5 / 8 != destination.Length)
        {
            return false;
        }

        int buffer = 0, bits = 0, written = 0;
        foreach (var c in text)
        {
            var value = Luhn32.Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                destination[written++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }

            buffer &= (1 << bits) - 1;
        }

        return written == destination.Length;
    }
}
