using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Protocol;

public sealed class VersionVectorUpdateTests
{
    [Fact]
    public void Update_ExistingCounter_BumpsToMaxOfNextAndNow()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1000);
        var v = VersionVector.FromCounters([new Counter(1, 5), new Counter(2, 2000)]);

        var updated = v.Update(new ShortId(2), now).Update(new ShortId(1), now);

        Assert.Equal([(1UL, 1000UL), (2UL, 2001UL)], updated.Counters.Select(c => (c.Id, c.Value)));
    }
}
