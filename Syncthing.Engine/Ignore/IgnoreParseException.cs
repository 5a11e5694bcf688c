using Syncthing.Engine.Common;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// The ignore patterns could not be used: a bad pattern, a malformed <c>#include</c> line, an included file
/// that is missing or unreadable, or a file included twice. Syncthing 1.19 stops the folder on this error.
/// </summary>
public sealed class IgnoreParseException : SyncthingException
{
    public IgnoreParseException(string message) : base(message) { }

    public IgnoreParseException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Fixing or creating the ignore file and rescanning may succeed.</summary>
    public override bool IsTransient => true;
}
