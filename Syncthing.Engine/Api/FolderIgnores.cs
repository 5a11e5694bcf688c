namespace Syncthing.Engine.Api;

/// <summary>
/// <c>/rest/db/ignores</c>: the raw lines of .stignore (null when the file is absent), the patterns they expand to
/// (null when none) and the parse error (null when none).
/// </summary>
internal sealed record FolderIgnores(IReadOnlyList<string>? Lines, IReadOnlyList<string>? Expanded, string? Error);
