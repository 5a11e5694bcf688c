using Syncthing.Engine.Common;

namespace Syncthing.Engine.Puller;

/// <summary>One item could not be brought in line now; the reason is reported and the item retried later.</summary>
internal sealed class PullFailedException : SyncthingException
{
    public PullFailedException(string message, bool rescan = false)
        : base(message)
    {
        Rescan = rescan;
    }

    public PullFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the item's on-disk state differs from our index and a scan must look at it first.</summary>
    public bool Rescan { get; }

    public override bool IsTransient => true;

    public static PullFailedException Modified() => new(LocalGuard.ModifiedReason, rescan: true);
}
