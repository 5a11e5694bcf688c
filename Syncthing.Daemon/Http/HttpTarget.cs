using System.Text;

namespace Syncthing.Daemon.Http;

/// <summary>
/// Decodes an origin-form request target the way ASP.NET Core does, which the REST API was written against: the
/// path is percent-decoded except for <c>%2F</c> (an encoded slash must not become a path separator); query
/// parameters are split at <c>&amp;</c> and <c>=</c>, with <c>+</c> meaning a space, a parameter without
/// <c>=</c> having the value "", and the last value winning when a name repeats. Malformed percent sequences are
/// kept as they are; decoded bytes are read as UTF-8.
/// </summary>
internal static class HttpTarget
{
    public static (string Path, Dictionary<string, string> Query) Decode(string target)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Unescape(equals < 0 ? pair : pair[..equals], plusIsSpace: true, keepSlash: false);
                if (name.Length > 0)
                {
                    query[name] = equals < 0 ? "" : Unescape(pair[(equals + 1)..], plusIsSpace: true, keepSlash: false);
                }
            }
        }

        return (Unescape(path, plusIsSpace: false, keepSlash: true), query);
    }

    private static string Unescape(string text, bool plusIsSpace, bool keepSlash)
    {
        if (text.IndexOf('%', StringComparison.Ordinal) < 0 && !(plusIsSpace && text.Contains('+', StringComparison.Ordinal)))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                var value = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                if (keepSlash && value == (byte)'/')
                {
                    bytes.AddRange("%2F"u8);
                }
                else
                {
                    bytes.Add(value);
                }

                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                // The target passed HttpRequestHead's check, so every character is printable ASCII.
                bytes.Add((byte)c);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
