namespace Syncthing.Engine.Model;

/// <summary>The default <see cref="ILocalIndexNotifier"/>: per-folder subscriber lists behind one lock.</summary>
internal sealed class LocalIndexNotifier : ILocalIndexNotifier
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Action>> _subscribers = new(StringComparer.Ordinal);

    public void NotifyLocalChanged(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Action[] targets;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(folder, out var list))
            {
                return;
            }

            targets = [.. list];
        }

        // Called outside the lock so that a callback may subscribe or unsubscribe.
        foreach (var target in targets)
        {
            target();
        }
    }

    public IDisposable Subscribe(string folder, Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(folder, out var list))
            {
                list = [];
                _subscribers[folder] = list;
            }

            list.Add(onChanged);
        }

        return new Subscription(this, folder, onChanged);
    }

    private void Unsubscribe(string folder, Action onChanged)
    {
        lock (_gate)
        {
            if (_subscribers.TryGetValue(folder, out var list) && list.Remove(onChanged) && list.Count == 0)
            {
                _subscribers.Remove(folder);
            }
        }
    }

    private sealed class Subscription(LocalIndexNotifier owner, string folder, Action onChanged) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(folder, onChanged);
            }
        }
    }
}
