namespace Syncthing.Engine.Common;

/// <summary>Base of every failure the engine raises on its own behalf.</summary>
public class SyncthingException : Exception
{
    public SyncthingException(string message) : base(message) { }

    public SyncthingException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>True when retrying the same operation later may succeed.</summary>
    public virtual bool IsTransient => false;
}
