using System.Text.Json;
using System.Text.Json.Nodes;
using Syncthing.Engine.Events;

namespace Syncthing.Engine.Api;

/// <summary>Events in 1.19's JSON form: <c>{id, globalID, time, type, data}</c>.</summary>
internal static class EventJson
{
    public static JsonArray Array(IEnumerable<Event> events) => new([.. events.Select(e => (JsonNode)Object(e))]);

    public static JsonObject Object(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new JsonObject
        {
            ["id"] = e.Id,
            ["globalID"] = e.GlobalId,
            ["time"] = ApiJson.Time(e.Time),
            ["type"] = e.Type.ToString(),
            ["data"] = e.Data switch
            {
                null => null,
                JsonNode node => node.DeepClone(),
                var other => JsonSerializer.SerializeToNode(other, other.GetType(), ApiJsonContext.Default),
            },
        };
    }
}
