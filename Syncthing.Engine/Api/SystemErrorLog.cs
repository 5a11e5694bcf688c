namespace Syncthing.Engine.Api;

/// <summary>
/// The errors shown by <c>/rest/system/error</c> (1.19's guiErrors recorder): timestamped messages with a level,
/// the newest <see cref="Capacity"/> kept. Thread-safe.
/// </summary>
internal sealed class SystemErrorLog(TimeProvider time)
{
    /// <summary>1.19's level numbers: 2 info, 3 warning.</summary>
    public const int WarningLevel = 3;

    public const int Capacity = 100;

    private readonly object _gate = new();
    private readonly Queue<SystemError> _errors = new();

    public void Add(string message, int level = WarningLevel)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _errors.Enqueue(new SystemError(time.GetUtcNow(), message, level));
            while (_errors.Count > Capacity)
            {
                _errors.Dequeue();
            }
        }
    }

    public IReadOnlyList<SystemError> All()
    {
        lock (_gate)
        {
            return [.. _errors];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _errors.Clear();
        }
    }
}

/// <summary>One entry of <c>/rest/system/error</c>.</summary>
internal sealed record SystemError(DateTimeOffset When, string Message, int Level);
