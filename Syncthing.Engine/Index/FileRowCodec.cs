using System.Buffers.Binary;
using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

/// <summary>
/// Row layout of the <c>files</c> table. Version vectors are stored canonically (counters sorted, 16 bytes each:
/// ID then value, big-endian) so equal vectors have equal blobs and SQL can compare them with <c>=</c>. Block lists
/// are one blob per file: per block offset (8), size (4), weak hash (4), hash length (1), hash.
/// </summary>
internal static class FileRowCodec
{
    /// <summary>The columns <see cref="Read"/> expects, in order, qualified with alias <c>f</c>.</summary>
    public const string Columns =
        "f.name, f.kind, f.size, f.permissions, f.no_permissions, f.modified_s, f.modified_ns, f.modified_by, " +
        "f.deleted, f.invalid, f.local_flags, f.version, f.sequence, f.block_size, f.blocks, f.symlink_target, f.inode";

    private const int CounterBytes = 16;
    private const int BlockHeaderBytes = 17;
    private const int MaxBlocks = 1 << 24;

    public static byte[] EncodeVersion(VersionVector version)
    {
        var bytes = new byte[version.Counters.Length * CounterBytes];
        for (var i = 0; i < version.Counters.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * CounterBytes), version.Counters[i].Id);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan((i * CounterBytes) + 8), version.Counters[i].Value);
        }

        return bytes;
    }

    public static VersionVector DecodeVersion(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % CounterBytes != 0)
        {
            throw new IndexStoreException($"Corrupt version vector in index ({bytes.Length} bytes).");
        }

        var counters = new Counter[bytes.Length / CounterBytes];
        for (var i = 0; i < counters.Length; i++)
        {
            counters[i] = new Counter(
                BinaryPrimitives.ReadUInt64BigEndian(bytes[(i * CounterBytes)..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[((i * CounterBytes) + 8)..]));
        }

        return VersionVector.FromCounters(counters);
    }

    public static byte[]? EncodeBlocks(ImmutableArray<BlockRef> blocks)
    {
        if (blocks.IsDefaultOrEmpty)
        {
            return null;
        }

        var length = 0;
        foreach (var b in blocks)
        {
            if (b.Hash.Length > byte.MaxValue)
            {
                throw new ArgumentException($"Block hash of {b.Hash.Length} bytes is too long.", nameof(blocks));
            }

            length += BlockHeaderBytes + b.Hash.Length;
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        foreach (var b in blocks)
        {
            BinaryPrimitives.WriteInt64BigEndian(span, b.Offset);
            BinaryPrimitives.WriteInt32BigEndian(span[8..], b.Size);
            BinaryPrimitives.WriteUInt32BigEndian(span[12..], b.WeakHash);
            span[16] = (byte)b.Hash.Length;
            b.Hash.Span.CopyTo(span[BlockHeaderBytes..]);
            span = span[(BlockHeaderBytes + b.Hash.Length)..];
        }

        return bytes;
    }

    public static ImmutableArray<BlockRef> DecodeBlocks(ReadOnlySpan<byte> bytes)
    {
        var builder = ImmutableArray.CreateBuilder<BlockRef>();
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < BlockHeaderBytes || builder.Count >= MaxBlocks)
            {
                throw new IndexStoreException("Corrupt block list in index.");
            }

            var hashLength = bytes[16];
            if (bytes.Length < BlockHeaderBytes + hashLength)
            {
                throw new IndexStoreException("Corrupt block list in index.");
            }

            builder.Add(new BlockRef(
                BinaryPrimitives.ReadInt64BigEndian(bytes),
                BinaryPrimitives.ReadInt32BigEndian(bytes[8..]),
                bytes.Slice(BlockHeaderBytes, hashLength).ToArray(),
                BinaryPrimitives.ReadUInt32BigEndian(bytes[12..])));
            bytes = bytes[(BlockHeaderBytes + hashLength)..];
        }

        return builder.ToImmutable();
    }

    /// <summary>Reads a record from <see cref="Columns"/> starting at <paramref name="first"/>.</summary>
    public static FileRecord Read(SqliteDataReader r, int first = 0) => new()
    {
        Name = r.GetString(first),
        Kind = (FileKind)r.GetInt32(first + 1),
        Size = r.GetInt64(first + 2),
        Permissions = (uint)r.GetInt64(first + 3),
        NoPermissions = r.GetBoolean(first + 4),
        ModifiedSeconds = r.GetInt64(first + 5),
        ModifiedNanos = r.GetInt32(first + 6),
        ModifiedBy = unchecked((ulong)r.GetInt64(first + 7)),
        Deleted = r.GetBoolean(first + 8),
        Invalid = r.GetBoolean(first + 9),
        LocalFlags = (LocalFlags)(uint)r.GetInt64(first + 10),
        Version = DecodeVersion(GetBytes(r, first + 11)),
        Sequence = r.GetInt64(first + 12),
        BlockSize = r.GetInt32(first + 13),
        Blocks = r.IsDBNull(first + 14) ? ImmutableArray<BlockRef>.Empty : DecodeBlocks(GetBytes(r, first + 14)),
        SymlinkTarget = r.IsDBNull(first + 15) ? null : r.GetString(first + 15),
        LocalInode = r.IsDBNull(first + 16) ? null : unchecked((ulong)r.GetInt64(first + 16)),
    };

    public static byte[] GetBytes(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? [] : (byte[])r.GetValue(ordinal);

    /// <summary>Bytes a global or needed entry adds to Syncthing's byte counters (FileSize in 1.19).</summary>
    public static long CountedBytes(FileRecord f) =>
        f.Deleted ? 0 : f.Kind == FileKind.File ? f.Size : SyntheticDirectorySize;

    /// <summary>Size 1.19 attributes to directories and symlinks in counts.</summary>
    public const long SyntheticDirectorySize = 128;
}
