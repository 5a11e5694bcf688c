namespace Syncthing.Engine.Model;

internal sealed partial class FolderRunner
{
    private readonly List<(Func<CancellationToken, Task> Action, TaskCompletionSource Done)> _actions = [];

    /// <summary>
    /// Runs <paramref name="action"/> inside the folder's loop, between scans and pulls (Override, Revert), then
    /// pulls. Completes when the action has run.
    /// </summary>
    public Task RunExclusiveAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _actions.Add((action, done));
            _pullRequested = true;
        }

        Signal();
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunActionsAsync(CancellationToken cancellationToken)
    {
        List<(Func<CancellationToken, Task> Action, TaskCompletionSource Done)> actions;
        lock (_gate)
        {
            actions = [.. _actions];
            _actions.Clear();
        }

        foreach (var (action, done) in actions)
        {
            try
            {
                await action(cancellationToken).ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
                if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
            }
        }
    }

    private bool HasActions()
    {
        lock (_gate)
        {
            return _actions.Count > 0;
        }
    }
}
