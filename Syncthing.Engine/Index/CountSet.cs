namespace Syncthing.Engine.Index;

/// <summary>
/// The sets the <c>counts</c> table keeps per folder (its <c>what</c> column). Need is not stored per device: a
/// device needs <see cref="NeedBase"/> corrected by its own <see cref="NeedAdjust"/> rows, so a device that has no
/// entries at all (or is unknown) needs exactly the base, with no row to keep for it.
/// </summary>
internal enum CountSet
{
    /// <summary>Valid (not invalid) globals, by their kind and deleted flag; bytes as in <c>globals.bytes</c>.</summary>
    Global = 0,

    /// <summary>Our entries without local flags and not invalid, plus receive-only changes (1.19 LocalSize).</summary>
    Local = 1,

    /// <summary>Needable globals that are not deleted: what a device without an entry for the name needs.</summary>
    NeedBase = 2,

    /// <summary>
    /// Per device: −1 for each needable, not deleted global its entry has (ge_global), +1 for each needable deleted
    /// global its entry is older than. Counts may be negative; only their sum with <see cref="NeedBase"/> is meaningful.
    /// </summary>
    NeedAdjust = 3,
}
