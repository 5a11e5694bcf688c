namespace Syncthing.PowerShell.Core;

/// <summary>
/// The stable ErrorId catalogue: FullyQualifiedErrorId is "&lt;ErrorId&gt;,Syncthing.PowerShell.Cmdlets.&lt;Class&gt;".
/// Never rename one: scripts and Pester tests match on them.
/// </summary>
public static class SyncErrorIds
{
    public const string NodeExists = "NodeExists";
    public const string NodeNotFound = "NodeNotFound";
    public const string NodeAmbiguous = "NodeAmbiguous";
    public const string NodeStartFailed = "NodeStartFailed";
    public const string NodeUnreachable = "NodeUnreachable";
    public const string ServiceExecutableNotFound = "ServiceExecutableNotFound";
    public const string DeviceIdInvalid = "DeviceIdInvalid";
    public const string DeviceNotFound = "DeviceNotFound";
    public const string FolderNotFound = "FolderNotFound";
    public const string FolderIdExists = "FolderIdExists";
    public const string FolderPathInvalid = "FolderPathInvalid";
    public const string WaitTimeout = "WaitTimeout";
    public const string ApiError = "ApiError";
    public const string OperationNotSupported = "OperationNotSupported";
    public const string UnexpectedError = "UnexpectedError";
    public const string BundleRefused = "BundleRefused";
    public const string BundleNotFound = "BundleNotFound";
    public const string BundlePathInvalid = "BundlePathInvalid";
}
