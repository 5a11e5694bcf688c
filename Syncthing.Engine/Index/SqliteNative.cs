namespace Syncthing.Engine.Index;

/// <summary>
/// Loads the bundled e_sqlite3 provider exactly once per process. The CLR runs a static constructor once,
/// under its type-initialisation lock, so concurrent first calls are safe.
/// </summary>
internal static class SqliteNative
{
    static SqliteNative() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Forces the static constructor to have run.</summary>
    public static void EnsureInitialized()
    {
        // Intentionally empty: calling any static member triggers the static constructor first.
    }
}
