namespace Syncthing.Engine.Watcher;

/// <summary>
/// Where notifications for one folder come from: the OS (<see cref="FileSystemWatcherSource"/>) or a fake in
/// tests. Names are relative to the folder root with '/' separators; the source reports lost events (overflow,
/// watcher errors) as <see cref="WatchEvent.Overflow"/>. Disposing stops delivery.
/// </summary>
internal interface IWatchEventSource : IDisposable
{
    /// <summary>
    /// Starts delivering events to <paramref name="onEvent"/>, which may be called on any thread, concurrently.
    /// Called at most once.
    /// </summary>
    void Start(Action<WatchEvent> onEvent);
}
