namespace Syncthing.Daemon.Tests;

/// <summary>A temporary directory for one test's node home(s), deleted on dispose.</summary>
internal sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "syncthingd-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
