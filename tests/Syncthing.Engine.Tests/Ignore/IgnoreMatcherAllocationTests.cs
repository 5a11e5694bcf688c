namespace Syncthing.Engine.Tests.Ignore;

/// <summary>Match must not allocate once warm (compiled once, pooled scratch only).</summary>
public class IgnoreMatcherAllocationTests
{
    [Fact]
    public void Match_WarmMatcher_AllocatesNothing()
    {
        var matcher = IgnoreTestSupport.Compile("!keep/**\n(?i)*.JPG\n{a,b}[0-9]?x\nbuild/\n/root*");
        string[] names = ["dir/IMG.jpg", "keep/x", "a/b7qx", "build/out/obj", "rootfile", "src/main.cs", "very/deep/path/to/nothing/in/particular.txt"];
        foreach (var name in names)
        {
            matcher.Match(name);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            foreach (var name in names)
            {
                matcher.Match(name);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
