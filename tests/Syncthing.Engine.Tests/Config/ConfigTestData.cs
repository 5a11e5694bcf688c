using System.Runtime.CompilerServices;

namespace Syncthing.Engine.Tests.Config;

/// <summary>Finds files under testdata/ next to this source file (the test project does not copy them to bin).</summary>
internal static class ConfigTestData
{
    public static string Dir { get; } = Path.Combine(Path.GetDirectoryName(ThisFile())!, "testdata");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
