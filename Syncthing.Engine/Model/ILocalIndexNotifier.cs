namespace Syncthing.Engine.Model;

/// <summary>
/// The in-process signal "our own index of a folder changed". Whoever calls <c>IIndexStore.UpdateLocal</c> (the
/// scanner, the puller, a reset) calls <see cref="NotifyLocalChanged"/> right after the commit; index senders
/// subscribe to learn that there is something new to announce.
/// </summary>
internal interface ILocalIndexNotifier
{
    /// <summary>Signals that local entries of <paramref name="folder"/> were committed. Cheap, never blocks.</summary>
    void NotifyLocalChanged(string folder);

    /// <summary>
    /// Calls <paramref name="onChanged"/> (on the notifying thread; it must be quick and must not throw) after every
    /// change of <paramref name="folder"/> until the returned subscription is disposed.
    /// </summary>
    IDisposable Subscribe(string folder, Action onChanged);
}
