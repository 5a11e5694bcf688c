namespace Syncthing.PowerShell.Core;

/// <summary>A failure of a module operation, carrying the stable ErrorId and the category the cmdlet reports.</summary>
public sealed class SyncOperationException : Exception
{
    public SyncOperationException(string errorId, SyncErrorKind kind, string message, object? target, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public SyncOperationException()
        : this(SyncErrorIds.ApiError, SyncErrorKind.InvalidOperation, "Operation failed.", null)
    {
    }

    public SyncOperationException(string message)
        : this(SyncErrorIds.ApiError, SyncErrorKind.InvalidOperation, message, null)
    {
    }

    public SyncOperationException(string message, Exception inner)
        : this(SyncErrorIds.ApiError, SyncErrorKind.InvalidOperation, message, null, inner)
    {
    }

    public string ErrorId { get; }

    public SyncErrorKind Kind { get; }

    public object? Target { get; }
}
