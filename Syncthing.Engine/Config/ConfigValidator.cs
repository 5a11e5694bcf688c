namespace Syncthing.Engine.Config;

/// <summary>
/// Checks the consistency rules a configuration must meet before it is saved or used: unique non-empty folder IDs,
/// non-empty folder paths, unique non-empty device IDs, and folders shared only with configured devices.
/// Malformed device ID strings are rejected earlier, when config.xml or JSON is read.
/// </summary>
public static class ConfigValidator
{
    public static void Validate(Configuration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = Problems(configuration).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigValidationException(
                "Invalid configuration: " + string.Join(" ", problems));
        }
    }

    /// <summary>Each problem as one sentence; empty when the configuration is valid.</summary>
    public static IEnumerable<string> Problems(Configuration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var devices = new HashSet<Identity.DeviceId>();
        foreach (var device in configuration.Devices)
        {
            if (device.DeviceId.IsEmpty)
            {
                yield return $"Device '{device.Name}' has an empty device ID.";
            }
            else if (!devices.Add(device.DeviceId))
            {
                yield return $"Device {device.DeviceId} is configured more than once.";
            }
        }

        var folderIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in configuration.Folders)
        {
            if (folder.Id.Length == 0)
            {
                yield return $"A folder (label '{folder.Label}', path '{folder.Path}') has an empty ID.";
            }
            else if (!folderIds.Add(folder.Id))
            {
                yield return $"Folder ID '{folder.Id}' is used by more than one folder.";
            }

            if (string.IsNullOrWhiteSpace(folder.Path))
            {
                yield return $"Folder '{folder.Id}' has an empty path.";
            }

            var shared = new HashSet<Identity.DeviceId>();
            foreach (var share in folder.Devices)
            {
                if (!devices.Contains(share.DeviceId))
                {
                    yield return $"Folder '{folder.Id}' is shared with device {DisplayId(share.DeviceId)}, which is not among the configured devices.";
                }
                else if (!shared.Add(share.DeviceId))
                {
                    yield return $"Folder '{folder.Id}' lists device {share.DeviceId} more than once.";
                }
            }
        }
    }

    private static string DisplayId(Identity.DeviceId id) => id.IsEmpty ? "(empty ID)" : id.ToString();
}
