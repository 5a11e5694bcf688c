using System.Buffers;
using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Common;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Model;

/// <summary>
/// Serves block Requests from the folder's files on disk, following 1.19's <c>model.Request</c> (brief §3.5) with
/// one addition: the name must be a valid, non-deleted file in our index and the range must lie inside its indexed
/// size, so a peer can only read what we announced. The model has already checked that the folder exists, is
/// shared with the device and is not paused.
/// <para>
/// Answers, in order of the checks: offset or size negative, size above <see cref="MaxBlockSize"/>, internal or
/// ignored name → INVALID_FILE; a name that is not canonical → GENERIC; a path through a symlinked directory, no
/// such file in the index or on disk (or not a regular file), a range outside the indexed size, a short read or data
/// matching neither the request's weak hash nor its SHA-256 → NO_SUCH_FILE; any other read error → GENERIC. A hash mismatch on a block our
/// index records with that very hash means the file changed on disk after it was indexed: the
/// <c>rescanNeeded</c> callback is told, as 1.19's <c>recheckFile</c> schedules a forced rescan.
/// </para>
/// <para>
/// <c>FromTemporary</c> (unless the folder disables temp indexes): the temp file <c>.syncthing.NAME.tmp</c> must
/// exist as a regular file (else NO_SUCH_FILE, as 1.19); when the request carries a hash and the temp data matches
/// it, that data is served, otherwise the request falls through to the real file.
/// </para>
/// Memory: the block is read into a buffer rented from the pool, verified there, and the Response's data is that very
/// buffer: the reply owns it and the connection returns it to the pool once the frame is written, so serving a block
/// allocates no array of its size. The connection's <see cref="BepConnectionOptions.MaxIncomingRequestBytes"/> budget
/// bounds the sizes of requests served at once, and no request above 16 MiB reaches a buffer.
/// </summary>
internal sealed class DiskBlockServer : IBlockServer
{
    /// <summary>1.19's largest block size (protocol.MaxBlockSize): no valid block request asks for more.</summary>
    public const int MaxBlockSize = 16 * 1024 * 1024;

    private const string ShortRead = "file is shorter than the requested range";

    private readonly IIndexStore _store;
    private readonly Func<FolderConfiguration, IFileSystem> _fileSystems;
    private readonly Action<string, string>? _rescanNeeded;
    private readonly Func<FolderConfiguration, IgnoreMatcher?>? _ignores;
    private readonly ArrayPool<byte> _pool;
    private readonly ILogger _logger;

    /// <param name="store">Our index: only its valid local files are served.</param>
    /// <param name="fileSystems">The file system of a folder (rooted at its path, refusing symlink traversal).</param>
    /// <param name="rescanNeeded">Told (folder ID, name) when a file's data no longer matches our index.</param>
    /// <param name="ignores">The folder's current ignore patterns, or null when unknown (then only the index's
    /// ignored flag counts).</param>
    /// <param name="pool">Where read buffers come from; <see cref="ArrayPool{T}.Shared"/> by default.</param>
    /// <param name="logger">Debug logging of refusals.</param>
    public DiskBlockServer(
        IIndexStore store,
        Func<FolderConfiguration, IFileSystem> fileSystems,
        Action<string, string>? rescanNeeded = null,
        Func<FolderConfiguration, IgnoreMatcher?>? ignores = null,
        ArrayPool<byte>? pool = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fileSystems);
        _store = store;
        _fileSystems = fileSystems;
        _rescanNeeded = rescanNeeded;
        _ignores = ignores;
        _pool = pool ?? ArrayPool<byte>.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    public Task<RequestReply> ServeAsync(FolderConfiguration folder, DeviceId device, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = Serve(folder, request, out var reason);
        if (reply.Response.Code != ErrorCode.NoError)
        {
            _logger.LogDebug("Request from {Device} for {Folder}/{Name} o={Offset} s={Size}: {Code} ({Reason})", device.Short, folder.Id, request.Name, request.Offset, request.Size, reply.Response.Code, reason);
        }

        return Task.FromResult(reply);
    }

    private RequestReply Serve(FolderConfiguration folder, Request request, out string reason)
    {
        var name = request.Name;
        if (request.Offset < 0 || request.Size < 0 || request.Size > MaxBlockSize)
        {
            reason = "offset or size out of range";
            return Refuse(ErrorCode.InvalidFile);
        }

        if (PathNames.ValidateWireName(name) is { } nameError)
        {
            reason = nameError;
            return Refuse(ErrorCode.Generic);
        }

        if (InternalNames.IsInternal(name))
        {
            reason = "internal name";
            return Refuse(ErrorCode.InvalidFile);
        }

        var local = _store.GetLocal(folder.Id, name);
        if ((local is not null && (local.LocalFlags & LocalFlags.Ignored) != 0) || _ignores?.Invoke(folder)?.Match(name).IsIgnored == true)
        {
            reason = "ignored";
            return Refuse(ErrorCode.InvalidFile);
        }

        var fs = _fileSystems(folder);
        if (request.FromTemporary && !folder.DisableTempIndexes)
        {
            var fromTemp = TryServeTemporary(fs, request, out reason);
            if (fromTemp is not null)
            {
                return fromTemp;
            }
        }

        if (local is not { IsFile: true, Deleted: false, IsInvalid: false })
        {
            reason = local is null ? "not in our index" : "not a valid file in our index";
            return Refuse(ErrorCode.NoSuchFile);
        }

        if (request.Offset > local.Size - request.Size)
        {
            reason = $"range beyond the indexed size {local.Size}";
            return Refuse(ErrorCode.NoSuchFile);
        }

        var buffer = new PooledBuffer(_pool, request.Size);
        var code = ReadRegular(fs, name, request.Offset, buffer.Span, out reason);
        if (code != ErrorCode.NoError)
        {
            buffer.Dispose();
            if (reason == ShortRead)
            {
                // Shorter on disk than in the index: it changed since the last scan.
                _rescanNeeded?.Invoke(folder.Id, name);
            }

            return Refuse(code);
        }

        if (request.Hash.Length > 0 && !DataMatches(buffer.Span, request))
        {
            buffer.Dispose();
            reason = "data does not match the requested hash";
            if (IndexRecordsBlock(local, request))
            {
                _rescanNeeded?.Invoke(folder.Id, name);
            }

            return Refuse(ErrorCode.NoSuchFile);
        }

        reason = "";
        return Served(buffer);
    }

    /// <summary>A verified block: the reply's data is the rented buffer itself, released when the reply is.</summary>
    private static RequestReply Served(PooledBuffer buffer) =>
        new(new Response { Code = ErrorCode.NoError, Data = UnsafeByteOperations.UnsafeWrap(buffer.Memory) }, buffer);

    /// <summary>The temp-file branch: a reply when it decides, null to fall through to the real file.</summary>
    private RequestReply? TryServeTemporary(IFileSystem fs, Request request, out string reason)
    {
        var tempName = TempNames.TempName(request.Name, TempNames.PlatformPrefix);
        if (PathNames.ValidateWireName(tempName) is not null)
        {
            reason = "temporary name not representable";
            return Refuse(ErrorCode.NoSuchFile);
        }

        var buffer = new PooledBuffer(_pool, request.Size);
        var code = ReadRegular(fs, tempName, request.Offset, buffer.Span, out reason);
        if (code == ErrorCode.NoSuchFile && reason != ShortRead)
        {
            buffer.Dispose();
            reason = "temporary file: " + reason;
            return Refuse(ErrorCode.NoSuchFile);
        }

        if (code == ErrorCode.NoError && request.Hash.Length > 0 && DataMatches(buffer.Span, request))
        {
            reason = "";
            return Served(buffer);
        }

        buffer.Dispose();
        return null;
    }

    /// <summary>
    /// Reads exactly <c>destination.Length</c> bytes at <paramref name="offset"/> of the regular file
    /// <paramref name="name"/>; maps every failure to the code 1.19 gives.
    /// </summary>
    private static ErrorCode ReadRegular(IFileSystem fs, string name, long offset, Span<byte> destination, out string reason)
    {
        try
        {
            // Opening checks the name (no symlinked parent, not a symlink) and that it is a regular file.
            using var stream = fs.OpenRead(name);
            stream.Seek(offset, SeekOrigin.Begin);
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = stream.Read(destination[filled..]);
                if (read == 0)
                {
                    reason = ShortRead;
                    return ErrorCode.NoSuchFile;
                }

                filled += read;
            }

            reason = "";
            return ErrorCode.NoError;
        }
        catch (FsException e)
        {
            reason = e.Message;
            return e.Kind switch
            {
                FsErrorKind.NotFound or FsErrorKind.TraversesSymlink or FsErrorKind.NotADirectory
                    or FsErrorKind.IsADirectory or FsErrorKind.NotSupported or FsErrorKind.CaseConflict => ErrorCode.NoSuchFile,
                _ => ErrorCode.Generic,
            };
        }
        catch (IOException e)
        {
            reason = e.Message;
            return ErrorCode.Generic;
        }
        catch (UnauthorizedAccessException e)
        {
            reason = e.Message;
            return ErrorCode.Generic;
        }
    }

    /// <summary>
    /// 1.19's <c>scanner.Validate</c>: data matching the request's non-zero weak hash (Adler-32) is accepted without
    /// computing its SHA-256, otherwise the SHA-256 must match. The requester verifies SHA-256 on receipt in any case
    /// (brief §3.5); this check only notices a file that changed on disk since it was indexed, and the weak hash does
    /// that at a small fraction of SHA-256's cost (profiles of a 1 GiB transfer: SHA-256 was most of the sender's
    /// crypto time).
    /// </summary>
    private static bool DataMatches(ReadOnlySpan<byte> data, Request request) =>
        (request.WeakHash != 0 && Adler32.Compute(data) == request.WeakHash) || HashMatches(data, request.Hash.Span);

    private static bool HashMatches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, actual);
        return actual.SequenceEqual(expected);
    }

    /// <summary>1.19's recheckFile test: does our index say the block at this offset has the requested hash?</summary>
    private static bool IndexRecordsBlock(FileRecord local, Request request)
    {
        if (local.BlockSize <= 0)
        {
            return false;
        }

        var index = request.Offset / local.BlockSize;
        return index < local.Blocks.Length && local.Blocks[(int)index].Hash.Span.SequenceEqual(request.Hash.Span);
    }

    private static RequestReply Refuse(ErrorCode code) => new Response { Code = code };
}
