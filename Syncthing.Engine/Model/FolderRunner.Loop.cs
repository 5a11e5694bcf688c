using Microsoft.Extensions.Logging;
using Syncthing.Engine.Common;
using Syncthing.Engine.Config;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Model;

internal sealed partial class FolderRunner
{
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextRescan = _time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(Folder.RescanIntervalS, 0));
        RequestScan(null); // The initial full scan.
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            lock (_gate)
            {
                signal = _signal.Task;
            }

            try
            {
                await RunPendingWorkAsync(cancellationToken).ConfigureAwait(false);
                if (Folder.RescanIntervalS > 0 && _time.GetUtcNow() >= nextRescan)
                {
                    nextRescan = _time.GetUtcNow() + TimeSpan.FromSeconds(Folder.RescanIntervalS);
                    RequestScan(null);
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SyncthingException or IOException or UnauthorizedAccessException)
            {
                Error = e.Message;
                SetState(FolderState.Error);
                _logger.LogWarning("Folder {Folder}: {Error}", Folder.Id, e.Message);
                ScheduleRetry();
            }

            var wait = NextWake(nextRescan);
            try
            {
                await Task.WhenAny(signal, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            lock (_gate)
            {
                if (_signal.Task.IsCompleted)
                {
                    _signal = NewSignal();
                }
            }

            if (_retryAt is { } retry && _time.GetUtcNow() >= retry)
            {
                _retryAt = null;
                RequestPull();
            }
        }
    }

    private TimeSpan NextWake(DateTimeOffset nextRescan)
    {
        var now = _time.GetUtcNow();
        var wake = Folder.RescanIntervalS > 0 ? nextRescan : now + TimeSpan.FromHours(1);
        if (_retryAt is { } retry && retry < wake)
        {
            wake = retry;
        }

        var wait = wake - now;
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }

    private async Task RunPendingWorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<ScanRequest> scans;
            bool pull;
            lock (_gate)
            {
                scans = [.. _scanRequests];
                _scanRequests.Clear();
                pull = _pullRequested;
                _pullRequested = false;
            }

            if (scans.Count == 0 && !pull && !HasActions())
            {
                return;
            }

            await RunActionsAsync(cancellationToken).ConfigureAwait(false);

            if (!CheckMarker())
            {
                foreach (var request in scans)
                {
                    request.Completion.TrySetException(new SyncthingException(MarkerMissing));
                }

                return;
            }

            if (scans.Count > 0)
            {
                var result = await ScanOnceAsync(scans, cancellationToken).ConfigureAwait(false);
                pull |= result.Written > 0;
            }

            if (pull && Folder.Type != FolderType.SendOnly)
            {
                await PullAsync(cancellationToken).ConfigureAwait(false);
            }

            SetState(Error is null ? FolderState.Idle : FolderState.Error);
        }
    }

    private bool CheckMarker()
    {
        if (_fs.TryLstat(Folder.MarkerName) is not null)
        {
            if (Error == MarkerMissing)
            {
                Error = null;
            }

            return true;
        }

        if (_store.GetLocalMaxSequence(Folder.Id) == 0)
        {
            _fs.CreateDirectory(Folder.MarkerName, 0x1ED);
            return true;
        }

        Error = MarkerMissing;
        SetState(FolderState.Error);
        return false;
    }

    private async Task<ScanResult> ScanOnceAsync(List<ScanRequest> scans, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? subPaths = scans.Any(s => s.SubPaths is null || s.SubPaths.Count == 0)
            ? null
            : [.. scans.SelectMany(s => s.SubPaths!).Distinct(StringComparer.Ordinal)];
        SetState(FolderState.Scanning);
        try
        {
            var result = await _scanner.ScanAsync(subPaths, progress: null, cancellationToken).ConfigureAwait(false);
            LastScan = _time.GetUtcNow();
            if (result.Written > 0)
            {
                LocalIndexChanged?.Invoke();
            }

            foreach (var request in scans)
            {
                request.Completion.TrySetResult(result);
            }

            Scanned?.Invoke(Folder.Id, result);
            return result;
        }
        catch (Exception e)
        {
            foreach (var request in scans)
            {
                request.Completion.TrySetException(e);
            }

            throw;
        }
    }

    private async Task PullAsync(CancellationToken cancellationToken)
    {
        PullResult? result = null;
        for (var iteration = 0; iteration < MaxPullIterations; iteration++)
        {
            if (!_store.Need(Folder.Id, take: 1).Any())
            {
                result ??= new PullResult();
                break;
            }

            SetState(FolderState.Syncing);
            result = await _puller.PullAsync(_scanner.Ignores ?? LoadIgnores(), cancellationToken).ConfigureAwait(false);
            LastPull = result;
            Pulled?.Invoke(Folder.Id, result);
            if (result.RescanNeeded.Count > 0)
            {
                // Changed items the puller refused and new conflict copies: scanned now, even without a watcher.
                SetState(FolderState.Scanning);
                await _scanner.ScanAsync(result.RescanNeeded, progress: null, cancellationToken).ConfigureAwait(false);
                LastScan = _time.GetUtcNow();
                LocalIndexChanged?.Invoke();
            }

            if (result.Errors.Count == 0)
            {
                break;
            }
        }

        PullErrors = result?.Errors ?? [];
        if (PullErrors.Count > 0)
        {
            ScheduleRetry();
        }
        else
        {
            _retryPause = BasePause;
            _retryAt = null;
        }
    }

    private void ScheduleRetry()
    {
        _retryAt = _time.GetUtcNow() + _retryPause;
        var max = BasePause * 60;
        _retryPause = _retryPause * 2 > max ? max : _retryPause * 2;
    }
}
