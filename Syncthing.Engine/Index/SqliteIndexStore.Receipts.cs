using Microsoft.Data.Sqlite;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexStore
{
    public RemoteIndexState AcknowledgeBundle(string folder, DeviceId device, ulong indexId, long sequence)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using var command = _writer.CreateCommand();
                command.CommandText = """
                    INSERT INTO bundle_receipts (folder_id, device_id, index_id, sequence) VALUES ($f, $d, $i, $s)
                    ON CONFLICT (folder_id, device_id) DO UPDATE SET
                        sequence = CASE WHEN index_id = excluded.index_id THEN MAX(sequence, excluded.sequence) ELSE excluded.sequence END,
                        index_id = excluded.index_id
                    RETURNING index_id, sequence
                    """;
                command.Parameters.AddWithValue("$f", folder);
                command.Parameters.AddWithValue("$d", device.Bytes.ToArray());
                command.Parameters.AddWithValue("$i", unchecked((long)indexId));
                command.Parameters.AddWithValue("$s", sequence);
                using var reader = command.ExecuteReader();
                reader.Read();
                return new RemoteIndexState(unchecked((ulong)reader.GetInt64(0)), reader.GetInt64(1));
            }
            catch (SqliteException ex)
            {
                throw new IndexStoreException($"Index bundle receipt for folder '{folder}' failed: {ex.Message}", ex);
            }
        }
    }

    public RemoteIndexState GetBundleAcknowledgement(string folder, DeviceId device)
    {
        using var connection = OpenReader();
        var command = connection.Command("SELECT index_id, sequence FROM bundle_receipts WHERE folder_id = $0 AND device_id = $1", folder, device.Bytes.ToArray());
        using var reader = command.ExecuteReader();
        return reader.Read() ? new RemoteIndexState(unchecked((ulong)reader.GetInt64(0)), reader.GetInt64(1)) : default;
    }
}
