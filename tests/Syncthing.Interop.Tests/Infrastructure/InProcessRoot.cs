using Syncthing.Engine.Hosting;

namespace Syncthing.Interop.Tests.Infrastructure;

/// <summary>
/// A temporary directory for a test's in-process nodes: every node handed to <see cref="Add"/> is disposed, then
/// the directory deleted.
/// </summary>
internal sealed class InProcessRoot(string prefix) : IAsyncDisposable
{
    private readonly List<SyncNode> _nodes = [];

    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Takes <paramref name="node"/> into this root's care and returns it.</summary>
    public SyncNode Add(SyncNode node)
    {
        _nodes.Add(node);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(Path, recursive: true);
    }
}
