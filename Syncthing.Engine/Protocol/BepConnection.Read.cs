using Microsoft.Extensions.Logging;
using Syncthing.Engine.Protocol.Wire;
using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;

namespace Syncthing.Engine.Protocol;

public sealed partial class BepConnection
{
    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Small requests are answered inside the dispatch without a flush each; the answers go out when the
                // next frame is not already here, so a burst of requests costs one send instead of one per answer.
                var next = FrameCodec.ReadAsync(_stream, _options.MaxMessageLength, cancellationToken);
                if (!next.IsCompleted && Volatile.Read(ref _flushOwed))
                {
                    await FlushOwedAsync(cancellationToken).ConfigureAwait(false);
                }

                var message = await next.ConfigureAwait(false);
                Interlocked.Exchange(ref _lastReadTimestamp, _time.GetTimestamp());
                Interlocked.Add(ref _bytesRead, message.WireLength);
                if (message.Type != MessageType.Request && Volatile.Read(ref _flushOwed))
                {
                    // Anything else may take a while to handle (an index to apply): answers do not wait for it.
                    await FlushOwedAsync(cancellationToken).ConfigureAwait(false);
                }

                Volatile.Write(ref _dispatchThread, Environment.CurrentManagedThreadId);
                Task<bool> dispatch;
                try
                {
                    dispatch = DispatchAsync(message, cancellationToken);
                }
                finally
                {
                    Volatile.Write(ref _dispatchThread, 0);
                }

                if (!await dispatch.ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closing.
        }
        catch (BepProtocolException e)
        {
            _logger.LogWarning("Protocol error from {Device}: {Error}", RemoteDevice.Short, e.Message);
            await CloseAsync("protocol error: " + e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Terminate("read error: " + e.Message, e);
        }
        catch (Exception e)
        {
            // A handler failed: this connection cannot continue consistently, the node goes on.
            _logger.LogError(e, "Handling a message from {Device} failed", RemoteDevice.Short);
            await CloseAsync("internal error: " + e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Handles one message; false when the connection has ended.</summary>
    private async Task<bool> DispatchAsync(BepMessage message, CancellationToken cancellationToken)
    {
        if (!_receivedClusterConfig && message.Type is not (MessageType.ClusterConfig or MessageType.Close))
        {
            throw new BepProtocolException($"invalid state: {message.Type} before ClusterConfig");
        }

        switch (message.Body)
        {
            case ClusterConfig config:
                _receivedClusterConfig = true;
                await _handler.OnClusterConfigAsync(this, config, cancellationToken).ConfigureAwait(false);
                break;
            case Wire.Index index:
                ValidateFiles(index.Folder, index.Files);
                await _handler.OnIndexAsync(this, index.Folder, index.Files, isUpdate: false, cancellationToken).ConfigureAwait(false);
                break;
            case IndexUpdate update:
                ValidateFiles(update.Folder, update.Files);
                await _handler.OnIndexAsync(this, update.Folder, update.Files, isUpdate: true, cancellationToken).ConfigureAwait(false);
                break;
            case Request request:
                AcceptRequest(request, cancellationToken);
                break;
            case Response response:
                var reply = new RequestReply(response, message.Lease);
                if (!_pending.TryRemove(response.Id, out var waiter))
                {
                    _logger.LogDebug("Response {Id} from {Device} matches no outstanding request", response.Id, RemoteDevice.Short);
                }

                if (waiter is null || !waiter.TrySetResult(reply))
                {
                    reply.Dispose();
                }

                break;
            case DownloadProgress progress:
                await _handler.OnDownloadProgressAsync(this, progress, cancellationToken).ConfigureAwait(false);
                break;
            case Ping:
                break;
            case Close close:
                Terminate("closed by remote: " + close.Reason, null);
                return false;
        }

        return true;
    }

    private static void ValidateFiles(string folder, IReadOnlyList<FileInfo> files)
    {
        foreach (var file in files)
        {
            var error = FileInfoValidator.Validate(file);
            if (error is not null)
            {
                throw new BepProtocolException($"protocol error on index for {folder}: {error}");
            }
        }
    }

    private void AcceptRequest(Request request, CancellationToken cancellationToken)
    {
        var nameError = Fs.PathNames.ValidateWireName(request.Name);
        if (nameError is not null)
        {
            throw new BepProtocolException($"request for invalid name in {request.Folder}: {nameError}");
        }

        if (request.Size < 0 || request.Offset < 0)
        {
            _ = SendAsync(new Response { Id = request.Id, Code = ErrorCode.InvalidFile }, cancellationToken);
            return;
        }

        if (request.Size <= _options.InlineServeMaxBytes)
        {
            // Served from the read loop until its first wait (budget, a slow handler, the write lock or a full
            // socket): a small block costs less to read, check and send than a thread-pool hand-off, whose wake-ups
            // and spinning were a third of a sender's CPU when serving 30,000 small files.
            _ = ServeRequestAsync(request, cancellationToken);
            return;
        }

        _ = Task.Run(() => ServeRequestAsync(request, cancellationToken), cancellationToken);
    }

    private async Task ServeRequestAsync(Request request, CancellationToken cancellationToken)
    {
        try
        {
            await _incomingBudget.AcquireAsync(request.Size, cancellationToken).ConfigureAwait(false);
            try
            {
                RequestReply reply;
                try
                {
                    reply = await _handler.OnRequestAsync(this, request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Serving {Folder}/{Name} to {Device} failed", request.Folder, request.Name, RemoteDevice.Short);
                    reply = new Response { Code = ErrorCode.Generic };
                }

                using (reply)
                {
                    reply.Response.Id = request.Id;
                    await SendAsync(reply.Response, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _incomingBudget.Release(request.Size);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or BepProtocolException)
        {
            // The connection is closing; the peer will re-request elsewhere.
        }
    }
}
