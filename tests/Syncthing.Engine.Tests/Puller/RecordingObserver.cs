using System.Collections.Concurrent;
using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Tests.Puller;

internal sealed class RecordingObserver : IPullObserver
{
    public ConcurrentQueue<(string Name, string Type, PullAction Action)> Started { get; } = new();

    public ConcurrentQueue<(string Name, PullAction Action, string? Error)> Finished { get; } = new();

    public void ItemStarted(string folder, string name, string type, PullAction action) => Started.Enqueue((name, type, action));

    public void ItemFinished(string folder, string name, string type, PullAction action, string? error) => Finished.Enqueue((name, action, error));
}
