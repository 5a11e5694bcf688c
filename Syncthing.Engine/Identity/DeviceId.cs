using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Syncthing.Engine.Identity;

/// <summary>
/// A device's identity: the SHA-256 of its certificate's DER encoding. Rendered as 52 base32 characters with a
/// Luhn-32 check character after each group of 13, in dash-separated groups of seven.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DeviceIdJsonConverter))]
public readonly struct DeviceId : IEquatable<DeviceId>, IComparable<DeviceId>
{
    public const int Length = 32;

    private readonly byte[]? _bytes;

    private DeviceId(byte[] bytes) => _bytes = bytes;

    /// <summary>The all-zero ID; it renders as the empty string.</summary>
    public static DeviceId Empty { get; } = new(new byte[Length]);

    public bool IsEmpty => _bytes is null || _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    public ReadOnlySpan<byte> Bytes => _bytes ?? Empty._bytes!;

    public ShortId Short => ShortId.FromDeviceBytes(Bytes);

    public static DeviceId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A device ID has {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new DeviceId(bytes.ToArray());
    }

    /// <summary>The ID of the device that presents the certificate with this DER encoding.</summary>
    public static DeviceId FromCertificate(ReadOnlySpan<byte> certificateDer) => new(SHA256.HashData(certificateDer));

    public static DeviceId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryParse(string? text, out DeviceId id) => TryParse(text, out id, out _);

    /// <summary>
    /// Parses leniently as Syncthing does: case-insensitive, dashes and spaces ignored, the digits 0, 1 and 8
    /// read as O, I and B, and the 52-character form without check characters accepted.
    /// </summary>
    public static bool TryParse(string? text, out DeviceId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (text is null)
        {
            error = "A device ID is required.";
            return false;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var raw in text.Trim('=').ToUpperInvariant())
        {
            var c = raw switch { '0' => 'O', '1' => 'I', '8' => 'B', _ => raw };
            if (c is '-' or ' ')
            {
                continue;
            }

            sb.Append(c);
        }

        var s = sb.ToString();
        switch (s.Length)
        {
            case 0:
                id = Empty;
                error = null;
                return true;
            case 56:
                var stripped = new StringBuilder(52);
                for (var g = 0; g < 4; g++)
                {
                    var group = s.AsSpan(g * 14, 13);
                    char check;
                    try
                    {
                        check = Luhn32.Generate(group);
                    }
                    catch (FormatException e)
                    {
                        error = $"Invalid device ID '{text}': {e.Message}";
                        return false;
                    }

                    if (check != s[(g * 14) + 13])
                    {
                        error = $"Invalid device ID '{text}': check character mismatch.";
                        return false;
                    }

                    stripped.Append(group);
                }

                s = stripped.ToString();
                break;
            case 52:
                break;
            default:
                error = $"Invalid device ID '{text}': {s.Length} characters after normalising, expected 52 or 56.";
                return false;
        }

        var bytes = new byte[Length];
        if (!Base32.TryDecode(s, bytes))
        {
            error = $"Invalid device ID '{text}': not base32.";
            return false;
        }

        id = new DeviceId(bytes);
        error = null;
        return true;
    }

    /// <summary>The canonical 63-character form, e.g. <c>P56IOI7-MZJNU2Y-…-XZWICQ2</c>; empty for the zero ID.</summary>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return string.Empty;
        }

        var b32 = Base32.Encode(Bytes);
        var withChecks = new StringBuilder(56);
        for (var g = 0; g < 4; g++)
        {
            var group = b32.AsSpan(g * 13, 13);
            withChecks.Append(group).Append(Luhn32.Generate(group));
        }

        var result = new StringBuilder(63);
        for (var i = 0; i < 56; i++)
        {
            if (i > 0 && i % 7 == 0)
            {
                result.Append('-');
            }

            result.Append(withChecks[i]);
        }

        return result.ToString();
    }

    public bool Equals(DeviceId other) => Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is DeviceId other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    public int CompareTo(DeviceId other) => Bytes.SequenceCompareTo(other.Bytes);

    public static bool operator ==(DeviceId left, DeviceId right) => left.Equals(right);

    public static bool operator !=(DeviceId left, DeviceId right) => !left.Equals(right);

    public static bool operator <(DeviceId left, DeviceId right) => left.CompareTo(right) < 0;

    public static bool operator >(DeviceId left, DeviceId right) => left.CompareTo(right) > 0;

    public static bool operator <=(DeviceId left, DeviceId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DeviceId left, DeviceId right) => left.CompareTo(right) >= 0;
}
