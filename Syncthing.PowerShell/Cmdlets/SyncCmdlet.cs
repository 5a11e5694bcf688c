using System.Collections.Concurrent;
using System.Management.Automation;
using Syncthing.PowerShell.Core;

namespace Syncthing.PowerShell.Cmdlets;

/// <summary>
/// Base of every cmdlet: the session's registry and services, Ctrl+C as a cancellation token, and
/// <see cref="Run{T}"/>, which runs async work on the thread pool while the pipeline thread executes whatever that
/// work posts (progress, output) so that every Write* call happens on the pipeline thread.
/// </summary>
public abstract class SyncCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private BlockingCollection<Action>? _pump;

    internal NodeRegistry Registry => ModuleState.Current;

    internal NodeOperations Nodes => new(Registry, TimeProvider.System);

    internal DeviceOperations Devices => new(Registry);

    internal FolderOperations Folders => new(Registry);

    internal StatusOperations Status => new(Registry);

    internal BundleOperations Bundles => new(Registry);

    internal FolderSyncWaiter Waiter => new(Registry, Status, TimeProvider.System);

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Queues <paramref name="action"/> to run on the pipeline thread (callable from any thread during <see cref="Run{T}"/>).</summary>
    internal void Post(Action action) => _pump?.Add(action);

    /// <summary>
    /// Runs <paramref name="work"/> off the pipeline thread, executing posted actions here until it ends. A
    /// <see cref="SyncOperationException"/> becomes a non-terminating error (null is returned) unless
    /// <paramref name="terminating"/>; cancellation by Ctrl+C returns null.
    /// </summary>
    internal T? Run<T>(Func<CancellationToken, Task<T>> work, bool terminating = false)
        where T : class
    {
        using var pump = new BlockingCollection<Action>();
        _pump = pump;
        var task = Task.Run(() => work(_stopping.Token), _stopping.Token);
        _ = task.ContinueWith(_ => pump.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            foreach (var action in pump.GetConsumingEnumerable())
            {
                action();
            }
        }
        finally
        {
            _pump = null;
        }

        // The task has completed here: GetResult does not block.
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (SyncOperationException e)
        {
            Fail(e, terminating);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or Engine.Identity.IdentityException)
        {
            // Nothing raw escapes to PowerShell: the engine's own failures get an ErrorId too.
            Fail(new SyncOperationException(SyncErrorIds.UnexpectedError, SyncErrorKind.InvalidOperation, e.Message, null, e), terminating);
            return null;
        }
    }

    /// <summary><see cref="Run{T}"/> for work without a result; true when it succeeded.</summary>
    internal bool Run(Func<CancellationToken, Task> work, bool terminating = false) =>
        Run<object>(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        }, terminating) is not null;

    /// <summary>Reports a failure as an ErrorRecord with the stable ErrorId and its category.</summary>
    internal void Fail(SyncOperationException e, bool terminating)
    {
        var record = new ErrorRecord(e, e.ErrorId, ToCategory(e.Kind), e.Target);
        if (terminating)
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>Writes each item of a list to the pipeline (on the pipeline thread).</summary>
    internal void WriteAll<T>(IReadOnlyList<T>? items)
    {
        foreach (var item in items ?? [])
        {
            WriteObject(item);
        }
    }

    internal static ErrorCategory ToCategory(SyncErrorKind kind) => kind switch
    {
        SyncErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        SyncErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        SyncErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        SyncErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        SyncErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        SyncErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        SyncErrorKind.NotImplemented => ErrorCategory.NotImplemented,
        _ => ErrorCategory.InvalidOperation,
    };
}
