namespace Syncthing.Engine.Protocol;

/// <summary>Result of comparing two version vectors, with Syncthing's names and meaning.</summary>
public enum Ordering
{
    /// <summary>Both vectors have the same counters.</summary>
    Equal,

    /// <summary>The first is strictly newer: every counter at least as high, one higher.</summary>
    Greater,

    /// <summary>The first is strictly older.</summary>
    Lesser,

    /// <summary>Neither dominates; the first wins the tie-break (first differing counter by ID is higher).</summary>
    ConcurrentGreater,

    /// <summary>Neither dominates; the second wins the tie-break.</summary>
    ConcurrentLesser,
}
