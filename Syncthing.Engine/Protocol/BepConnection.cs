using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// One authenticated BEP connection after the Hello exchange: reads frames and hands them to an
/// <see cref="IBepMessageHandler"/>, serialises writes, keeps the link alive with Pings, closes on silence,
/// and matches Responses to our Requests. Any protocol violation by the peer closes this connection only.
/// </summary>
public sealed partial class BepConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IBepMessageHandler _handler;
    private readonly BepConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RequestReply>> _pending = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RequestBudget _incomingBudget;
    private long _lastReadTimestamp;
    private long _lastWriteTimestamp;
    private int _nextRequestId = -1;
    private int _dispatchThread;
    private bool _flushOwed;
    private int _closing;
    private bool _receivedClusterConfig;
    private bool _sentClusterConfig;
    private Task? _readLoop;
    private Task? _keepAliveLoop;

    public BepConnection(
        Stream stream,
        DeviceId remoteDevice,
        Hello remoteHello,
        IBepMessageHandler handler,
        BepConnectionOptions? options = null,
        TimeProvider? time = null,
        ILogger? logger = null)
    {
        _stream = stream;
        RemoteDevice = remoteDevice;
        RemoteHello = remoteHello;
        _handler = handler;
        _options = options ?? new BepConnectionOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _incomingBudget = new RequestBudget(_options.MaxIncomingRequestBytes);
        _lastReadTimestamp = _lastWriteTimestamp = _time.GetTimestamp();
        Established = _time.GetUtcNow();
    }

    public DeviceId RemoteDevice { get; }

    /// <summary>The Hello the peer sent (client name and version, device name).</summary>
    public Hello RemoteHello { get; }

    public DateTimeOffset Established { get; }

    /// <summary>True when we dialed the peer, false when it dialed us.</summary>
    public bool IsOutgoing { get; init; }

    /// <summary>The peer's transport address, when known.</summary>
    public System.Net.EndPoint? RemoteAddress { get; init; }

    /// <summary>The negotiated TLS cipher suite, for connection statistics.</summary>
    public string? Crypto { get; init; }

    /// <summary>Completes with the close reason when the connection has ended.</summary>
    public Task<string> Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Payload bytes read and written (compressed sizes), for connection statistics.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    private long _bytesRead;
    private long _bytesWritten;

    /// <summary>Starts the read and keep-alive loops. The first message written should be our ClusterConfig.</summary>
    public void Start()
    {
        if (_readLoop is not null)
        {
            throw new InvalidOperationException("The connection was already started.");
        }

        // The timer is created here, not inside the loop, so its schedule starts now whatever the thread pool does.
        var timer = new PeriodicTimer(_options.CheckInterval, _time);
        _readLoop = Task.Run(() => ReadLoopAsync(_lifetime.Token));
        _keepAliveLoop = Task.Run(() => KeepAliveLoopAsync(timer, _lifetime.Token));
    }

    /// <summary>Sends one message. Thread-safe; messages are written whole and in call order per caller.</summary>
    /// <exception cref="BepProtocolException">The connection is closed or closes while sending.</exception>
    public Task SendAsync(IMessage message, CancellationToken cancellationToken) => SendOrReportClosedAsync(message, cancellationToken);

    private async Task SendCoreAsync(IMessage message, CancellationToken cancellationToken)
    {
        using var frame = FrameCodec.Encode(message, _options.Compression);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        await _writeLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(frame.Memory, linked.Token).ConfigureAwait(false);
            if (message is Response && Environment.CurrentManagedThreadId == Volatile.Read(ref _dispatchThread))
            {
                // Written from inside the read loop's dispatch: the loop flushes before it waits for more input,
                // so the answers to requests that arrived together leave together.
                _flushOwed = true;
            }
            else
            {
                _flushOwed = false;
                await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }

            Interlocked.Add(ref _bytesWritten, frame.Length);
            if (message is ClusterConfig)
            {
                Volatile.Write(ref _sentClusterConfig, true);
            }

            Interlocked.Exchange(ref _lastWriteTimestamp, _time.GetTimestamp());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _ = CloseAsync("write error: " + e.Message, e);
            throw new BepProtocolException($"connection to {RemoteDevice.Short} lost: {e.Message}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Flushes Responses written during dispatch (see <see cref="ReadLoopAsync"/>), if any are waiting.</summary>
    private async Task FlushOwedAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_flushOwed)
            {
                _flushOwed = false;
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends one message; when the connection closes underneath (not the caller cancelling), the caller gets a
    /// <see cref="BepProtocolException"/> rather than a cancellation it did not ask for.
    /// </summary>
    private async Task SendOrReportClosedAsync(IMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await SendCoreAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BepProtocolException($"connection to {RemoteDevice.Short} closed: {(_closed.Task.IsCompleted ? _closed.Task.Result : "closing")}", e);
        }
    }

    /// <summary>
    /// Requests one block and waits for the peer's Response, whose data is the caller's own copy. The caller
    /// verifies the data's hash.
    /// </summary>
    public async Task<Response> RequestAsync(Request request, CancellationToken cancellationToken)
    {
        using var reply = await RequestBlockAsync(request, cancellationToken).ConfigureAwait(false);
        var response = reply.Response;
        return new Response { Id = response.Id, Code = response.Code, Data = ByteString.CopyFrom(response.Data.Span) };
    }

    /// <summary>
    /// Requests one block and waits for the peer's Response without copying its data: the reply may own the buffer
    /// the frame was read into, and the caller disposes it once done with the data. The caller verifies the hash.
    /// </summary>
    public async Task<RequestReply> RequestBlockAsync(Request request, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        var tcs = new TaskCompletionSource<RequestReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        try
        {
            var message = request.Clone();
            message.Id = id;
            await SendAsync(message, cancellationToken).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private int NextRequestId()
    {
        while (true)
        {
            var id = Interlocked.Increment(ref _nextRequestId) & int.MaxValue;
            if (!_pending.ContainsKey(id))
            {
                return id;
            }
        }
    }

    /// <summary>Sends Close with a reason (bounded by the close timeout) and tears the connection down.</summary>
    public async Task CloseAsync(string reason, Exception? error = null)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }

        if (error is null)
        {
            using var timeout = new CancellationTokenSource(_options.CloseTimeout, _time);
            try
            {
                await SendAsync(new Close { Reason = reason }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or BepProtocolException or IOException or ObjectDisposedException)
            {
                _logger.LogDebug("Close to {Device} not delivered: {Error}", RemoteDevice.Short, e.Message);
            }
        }

        Terminate(reason, error);
    }

    private void Terminate(string reason, Exception? error)
    {
        Interlocked.Exchange(ref _closing, 1);
        if (!_closed.TrySetResult(reason))
        {
            return;
        }

        _lifetime.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _logger.LogDebug("Disposing the stream to {Device}: {Error}", RemoteDevice.Short, e.Message);
        }

        var failure = new BepProtocolException($"connection to {RemoteDevice.Short} closed: {reason}", error);
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(failure);
        }

        _logger.LogInformation("Connection to {Device} closed: {Reason}", RemoteDevice.Short, reason);
        _handler.OnClosed(this, reason, error);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("connection disposed").ConfigureAwait(false);
        foreach (var loop in new[] { _readLoop, _keepAliveLoop })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(false);
            }
        }

        _lifetime.Dispose();
        _writeLock.Dispose();
    }
}
