namespace Syncthing.Engine.Puller;

/// <summary>The actions Syncthing reports in ItemStarted/ItemFinished events.</summary>
internal enum PullAction
{
    Update,
    Metadata,
    Delete,
}

/// <summary>
/// Receives the puller's progress for events and statistics (1.19's ItemStarted / ItemFinished). Called from the
/// puller's worker tasks; implementations must be thread-safe and quick.
/// </summary>
internal interface IPullObserver
{
    void ItemStarted(string folder, string name, string type, PullAction action);

    /// <summary><paramref name="error"/> is null on success.</summary>
    void ItemFinished(string folder, string name, string type, PullAction action, string? error);
}
