using System.Text.Json;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Config;

/// <summary>
/// Device IDs in the REST JSON are strings. The records expose a typed <see cref="DeviceId"/> and serialise it
/// through an internal string twin, since <see cref="DeviceId"/> itself carries no JSON metadata.
/// </summary>
internal static class DeviceIdJson
{
    public static DeviceId Parse(string? text) =>
        DeviceId.TryParse(text ?? "", out var id, out var error) ? id : throw new JsonException(error);
}
