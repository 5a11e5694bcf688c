using Syncthing.Engine.Common;

namespace Syncthing.Engine.Config;

/// <summary>A configuration that cannot be read or is inconsistent; the message says where and why.</summary>
public sealed class ConfigValidationException : SyncthingException
{
    public ConfigValidationException(string message) : base(message) { }

    public ConfigValidationException(string message, Exception? innerException) : base(message, innerException) { }
}
