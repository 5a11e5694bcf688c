namespace Syncthing.Interop.Tests.Daemon;

/// <summary>A temporary directory for daemon interop tests, deleted on dispose.</summary>
internal sealed class DaemonTempDir : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("syncthingd-interop-").FullName;

    public string Sub(string name) => Path.Combine(_root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
