using System.Text.Json;
using System.Text.Json.Nodes;

namespace Syncthing.Engine.Tests.Api;

/// <summary>Compares a response with a real 1.19.2 sample: same property names, same JSON kinds (null matches anything).</summary>
internal static class JsonShape
{
    public static void AssertSame(string sample, JsonNode? actual, string path = "$")
    {
        AssertSame(JsonNode.Parse(sample), actual, path);
    }

    private static void AssertSame(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.True(Kind(expected) == Kind(actual), $"{path}: expected {Kind(expected)}, got {Kind(actual)}");
        if (expected is JsonObject e && actual is JsonObject a)
        {
            Assert.True(
                e.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(a.Select(p => p.Key).Order(StringComparer.Ordinal)),
                $"{path}: keys differ: expected [{string.Join(",", e.Select(p => p.Key))}], got [{string.Join(",", a.Select(p => p.Key))}]");
            foreach (var (key, value) in e)
            {
                AssertSame(value, a[key], path + "." + key);
            }
        }
        else if (expected is JsonArray ea && actual is JsonArray aa && ea.Count > 0 && aa.Count > 0)
        {
            AssertSame(ea[0], aa[0], path + "[0]");
        }
    }

    private static JsonValueKind Kind(JsonNode node) => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : node.GetValueKind();
}
