namespace Syncthing.Engine.Index;

/// <summary>
/// What 1.19's <c>/rest/db/completion</c> reports for one folder and device. Items exclude deletes
/// (<see cref="NeedDeletes"/> is separate); <see cref="Sequence"/> is the device's highest known sequence.
/// </summary>
internal sealed record FolderCompletion(
    double CompletionPercent,
    long GlobalBytes,
    long GlobalItems,
    long NeedBytes,
    long NeedItems,
    long NeedDeletes,
    long Sequence)
{
    /// <summary>Builds the record the way 1.19 does, including its "95 % while only deletes remain" adjustment.</summary>
    public static FolderCompletion From(IndexCounts global, IndexCounts need, long sequence)
    {
        double pct = global.Bytes == 0 ? 100 : 100 * (1 - ((double)need.Bytes / global.Bytes));
        if (need.Bytes == 0 && need.Deleted > 0)
        {
            pct = 95;
        }

        return new FolderCompletion(
            pct,
            global.Bytes,
            global.Files + global.Directories + global.Symlinks,
            need.Bytes,
            need.Files + need.Directories + need.Symlinks,
            need.Deleted,
            sequence);
    }
}
