using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>A folder's versioning: <c>Type</c> empty (none), <c>trashcan</c>, <c>simple</c>, <c>staggered</c> or <c>external</c>.</summary>
public sealed record VersioningConfiguration
{
    public string Type { get; init; } = "";

    /// <summary>Versioner parameters (<c>keep</c>, <c>cleanoutDays</c>, <c>maxAge</c>, <c>command</c>, …).</summary>
    public ValueDictionary Params { get; init; } = ValueDictionary.Empty;

    public int CleanupIntervalS { get; init; } = 3600;

    public string FsPath { get; init; } = "";

    public FilesystemType FsType { get; init; } = FilesystemType.Basic;

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
