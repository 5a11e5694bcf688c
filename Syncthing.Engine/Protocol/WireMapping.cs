using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// Converts between the domain records (<see cref="FileRecord"/>, <see cref="BlockRef"/>, <see cref="VersionVector"/>)
/// and the generated BEP wire messages. Outgoing entries follow 1.19's <c>prepareFileInfoForIndex</c>: local flags are
/// never sent, any local flag is sent as <c>invalid</c>, and a receive-only change is sent with an empty version.
/// </summary>
internal static class WireMapping
{
    /// <summary>Block size implied by an absent/zero <c>block_size</c> (128 KiB).</summary>
    public const int DefaultBlockSize = 128 * 1024;

    private const int Sha256Length = 32;

    public static FileRecord ToRecord(Wire.FileInfo wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var blocks = ImmutableArray.CreateBuilder<BlockRef>(wire.Blocks.Count);
        foreach (var b in wire.Blocks)
        {
            blocks.Add(ToBlockRef(b));
        }

        return new FileRecord
        {
            Name = wire.Name,
            Kind = ToKind(wire.Type),
            Size = wire.Size,
            Permissions = wire.Permissions,
            NoPermissions = wire.NoPermissions,
            ModifiedSeconds = wire.ModifiedS,
            ModifiedNanos = wire.ModifiedNs,
            ModifiedBy = wire.ModifiedBy,
            Deleted = wire.Deleted,
            Invalid = wire.Invalid,
            LocalFlags = LocalFlags.None,
            Version = ToVersionVector(wire.Version),
            Sequence = wire.Sequence,
            BlockSize = wire.BlockSize == 0 ? DefaultBlockSize : wire.BlockSize,
            Blocks = blocks.MoveToImmutable(),
            SymlinkTarget = wire.SymlinkTarget.IsEmpty ? null : Encoding.UTF8.GetString(wire.SymlinkTarget.Span),
        };
    }

    public static Wire.FileInfo ToWire(FileRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var receiveOnlyChanged = (record.LocalFlags & LocalFlags.ReceiveOnly) != 0;
        var wire = new Wire.FileInfo
        {
            Name = record.Name,
            Type = ToWireType(record.Kind),
            Size = record.Size,
            Permissions = record.Permissions,
            NoPermissions = record.NoPermissions,
            ModifiedS = record.ModifiedSeconds,
            ModifiedNs = record.ModifiedNanos,
            ModifiedBy = record.ModifiedBy,
            Deleted = record.Deleted,
            Invalid = record.IsInvalid,
            Version = ToWire(receiveOnlyChanged ? VersionVector.Empty : record.Version),
            Sequence = record.Sequence,
            BlockSize = record.BlockSize,
        };
        foreach (var b in record.Blocks)
        {
            wire.Blocks.Add(ToWire(b));
        }

        if (record.SymlinkTarget is { Length: > 0 } target)
        {
            wire.SymlinkTarget = ByteString.CopyFromUtf8(target);
        }

        if (!record.Blocks.IsEmpty)
        {
            wire.BlocksHash = ByteString.CopyFrom(BlocksHash(record.Blocks));
        }

        return wire;
    }

    public static BlockRef ToBlockRef(Wire.BlockInfo wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return new BlockRef(wire.Offset, wire.Size, wire.Hash.ToByteArray(), wire.WeakHash);
    }

    public static Wire.BlockInfo ToWire(BlockRef block) => new()
    {
        Offset = block.Offset,
        Size = block.Size,
        Hash = ByteString.CopyFrom(block.Hash.Span),
        WeakHash = block.WeakHash,
    };

    public static VersionVector ToVersionVector(Wire.Vector? wire)
    {
        if (wire is null || wire.Counters.Count == 0)
        {
            return VersionVector.Empty;
        }

        return VersionVector.FromCounters(wire.Counters.Select(c => new Counter(c.Id, c.Value)));
    }

    public static Wire.Vector ToWire(VersionVector version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var wire = new Wire.Vector();
        foreach (var c in version.Counters)
        {
            wire.Counters.Add(new Wire.Counter { Id = c.Id, Value = c.Value });
        }

        return wire;
    }

    public static FileKind ToKind(Wire.FileInfoType type) => type switch
    {
        Wire.FileInfoType.File => FileKind.File,
        Wire.FileInfoType.Directory => FileKind.Directory,
        Wire.FileInfoType.SymlinkFile or Wire.FileInfoType.SymlinkDirectory or Wire.FileInfoType.Symlink => FileKind.Symlink,
        _ => throw new BepProtocolException($"Unknown file type {(int)type}."),
    };

    public static Wire.FileInfoType ToWireType(FileKind kind) => kind switch
    {
        FileKind.File => Wire.FileInfoType.File,
        FileKind.Directory => Wire.FileInfoType.Directory,
        FileKind.Symlink => Wire.FileInfoType.Symlink,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown file kind."),
    };

    /// <summary>1.19's blocks_hash: SHA-256 over, per block, the hash followed by the weak hash (uint32 big-endian).</summary>
    public static byte[] BlocksHash(ImmutableArray<BlockRef> blocks)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> weak = stackalloc byte[4];
        foreach (var b in blocks)
        {
            sha.AppendData(b.Hash.Span);
            BinaryPrimitives.WriteUInt32BigEndian(weak, b.WeakHash);
            sha.AppendData(weak);
        }

        var result = new byte[Sha256Length];
        sha.GetHashAndReset(result);
        return result;
    }
}
