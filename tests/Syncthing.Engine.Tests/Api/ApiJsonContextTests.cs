using Syncthing.Engine.Api;
using Syncthing.Engine.Events;

namespace Syncthing.Engine.Tests.Api;

public sealed class ApiJsonContextTests
{
    [Fact]
    public void Every_event_payload_record_has_generated_json_metadata()
    {
        // EventJson writes payloads through ApiJsonContext only; a record missing there would fail at run time.
        var payloads = typeof(Event).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Event).Namespace && t.Name.EndsWith("EventData", StringComparison.Ordinal))
            .ToList();

        Assert.True(payloads.Count >= 12, $"found {payloads.Count} payload records");
        Assert.All(payloads, t => Assert.NotNull(ApiJsonContext.Default.GetTypeInfo(t)));
    }
}
