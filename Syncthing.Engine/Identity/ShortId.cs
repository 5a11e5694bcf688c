using System.Buffers.Binary;
using System.Globalization;

namespace Syncthing.Engine.Identity;

/// <summary>
/// The first eight bytes of a device ID as a big-endian integer: the counter ID in version vectors and the
/// value of <c>modified_by</c>. Its display form is the first seven characters of the device ID string.
/// </summary>
public readonly record struct ShortId(ulong Value)
{
    public static ShortId FromDeviceBytes(ReadOnlySpan<byte> deviceId) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(deviceId));

    /// <summary>Seven base32 characters, as Syncthing shows it in conflict names and the REST API.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Value);
        return Base32.Encode(bytes)[..7];
    }

    public string ToDecimalString() => Value.ToString(CultureInfo.InvariantCulture);
}
