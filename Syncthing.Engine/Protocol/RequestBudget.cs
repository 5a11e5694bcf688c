namespace Syncthing.Engine.Protocol;

/// <summary>
/// Bounds the bytes of block data a peer may have outstanding with us: a request waits until its size fits.
/// A single request larger than the whole budget is admitted alone.
/// </summary>
internal sealed class RequestBudget(long capacity)
{
    private readonly object _gate = new();
    private readonly Queue<(long Size, TaskCompletionSource Waiter)> _waiters = new();
    private long _inUse;

    public Task AcquireAsync(long size, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_waiters.Count == 0 && Fits(size))
            {
                _inUse += size;
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((size, waiter));
            cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            return waiter.Task;
        }
    }

    public void Release(long size)
    {
        lock (_gate)
        {
            _inUse -= size;
            while (_waiters.Count > 0)
            {
                var (next, waiter) = _waiters.Peek();
                if (waiter.Task.IsCanceled)
                {
                    _waiters.Dequeue();
                    continue;
                }

                if (!Fits(next))
                {
                    break;
                }

                _waiters.Dequeue();
                _inUse += next;
                waiter.TrySetResult();
            }
        }
    }

    private bool Fits(long size) => _inUse == 0 || _inUse + size <= capacity;
}
