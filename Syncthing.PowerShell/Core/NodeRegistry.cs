using System.Collections.Concurrent;

namespace Syncthing.PowerShell.Core;

/// <summary>
/// The nodes one session knows, by name (case-insensitive). Thread-safe: cmdlets on several runspaces of one
/// process may share a registry. The engine itself holds no static state; the module keeps one registry per
/// runspace through <c>ModuleState</c>.
/// </summary>
internal sealed class NodeRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SyncNodeHandle> _nodes = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<SyncNodeHandle> All => [.. _nodes.Values.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Adds <paramref name="handle"/>; throws <see cref="SyncOperationException"/> (NodeExists) when the name is taken.</summary>
    public void Add(SyncNodeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!_nodes.TryAdd(handle.Name, handle))
        {
            throw new SyncOperationException(SyncErrorIds.NodeExists, SyncErrorKind.ResourceExists, $"A node named '{handle.Name}' already exists in this session.", handle.Name);
        }
    }

    public bool Contains(string name) => _nodes.ContainsKey(name);

    /// <summary>The node called <paramref name="name"/>, or the only node when <paramref name="name"/> is null.</summary>
    public SyncNodeHandle Get(string? name)
    {
        if (name is null)
        {
            var all = All;
            return all.Count switch
            {
                1 => all[0],
                0 => throw new SyncOperationException(SyncErrorIds.NodeNotFound, SyncErrorKind.ObjectNotFound, "No node is started or connected in this session; use Start-SyncNode or Connect-SyncNode.", null),
                _ => throw new SyncOperationException(SyncErrorIds.NodeAmbiguous, SyncErrorKind.InvalidArgument, "Several nodes exist in this session; name one with -Node.", null),
            };
        }

        return _nodes.TryGetValue(name, out var handle)
            ? handle
            : throw new SyncOperationException(SyncErrorIds.NodeNotFound, SyncErrorKind.ObjectNotFound, $"No node named '{name}' in this session.", name);
    }

    /// <summary>The nodes named (wildcards allowed via <paramref name="match"/>), or all when <paramref name="names"/> is empty.</summary>
    public IReadOnlyList<SyncNodeHandle> Select(IReadOnlyList<string>? names, Func<string, string, bool>? match = null)
    {
        if (names is null || names.Count == 0)
        {
            return All;
        }

        match ??= (pattern, name) => string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        return [.. All.Where(n => names.Any(p => match(p, n.Name)))];
    }

    /// <summary>Removes and returns the node, or null when unknown.</summary>
    public SyncNodeHandle? Remove(string name) => _nodes.TryRemove(name, out var handle) ? handle : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _nodes.Keys.ToList())
        {
            if (Remove(name) is { } handle)
            {
                await handle.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
