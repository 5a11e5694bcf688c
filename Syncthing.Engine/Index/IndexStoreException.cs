using Microsoft.Data.Sqlite;
using Syncthing.Engine.Common;

namespace Syncthing.Engine.Index;

/// <summary>The index database failed: could not be opened, migrated, read or written.</summary>
public sealed class IndexStoreException : SyncthingException
{
    public IndexStoreException(string message) : base(message) { }

    public IndexStoreException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>True for "database is busy/locked", which a later retry may get past.</summary>
    public override bool IsTransient =>
        InnerException is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED
}
