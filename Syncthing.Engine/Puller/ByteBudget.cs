namespace Syncthing.Engine.Puller;

/// <summary>
/// An asynchronous limit on bytes in flight (outstanding block requests). A request larger than the whole budget
/// is admitted alone, so a single maximum-size block never deadlocks a small budget.
/// </summary>
internal sealed class ByteBudget
{
    private readonly object _gate = new();
    private readonly long _capacity;
    private readonly LinkedList<(long Bytes, TaskCompletionSource Waiter)> _waiters = new();
    private long _used;

    public ByteBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> fit, in arrival order, then takes them.</summary>
    public async Task AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_gate)
        {
            if (_waiters.Count == 0 && Fits(bytes))
            {
                _used += bytes;
                return;
            }

            node = _waiters.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Item2.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    GrantWaiters();
                    throw;
                }
            }

            // Granted just as we were cancelled: give the bytes back.
            Release(bytes);
            throw;
        }
    }

    public void Release(long bytes)
    {
        lock (_gate)
        {
            _used -= bytes;
            if (_used < 0)
            {
                throw new InvalidOperationException("More bytes released than acquired.");
            }

            GrantWaiters();
        }
    }

    private bool Fits(long bytes) => _used + bytes <= _capacity || _used == 0;

    private void GrantWaiters()
    {
        while (_waiters.First is { } first && Fits(first.Value.Bytes))
        {
            _used += first.Value.Bytes;
            _waiters.RemoveFirst();
            first.Value.Waiter.TrySetResult();
        }
    }
}
