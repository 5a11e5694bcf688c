namespace Syncthing.PowerShell.Tests;

public sealed class ModuleSmokeTests
{
    [Fact]
    public void The_module_assembly_builds_and_references_the_engine()
    {
        var assembly = System.Reflection.Assembly.Load("Syncthing.PowerShell");
        Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name == "Syncthing.Engine");
    }
}
