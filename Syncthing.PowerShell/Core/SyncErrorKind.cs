namespace Syncthing.PowerShell.Core;

/// <summary>The failure classes the cmdlets map to PowerShell's ErrorCategory (same names).</summary>
public enum SyncErrorKind
{
    InvalidArgument,
    InvalidOperation,
    ObjectNotFound,
    ResourceExists,
    ResourceUnavailable,
    ConnectionError,
    OperationTimeout,
    NotImplemented,
}
