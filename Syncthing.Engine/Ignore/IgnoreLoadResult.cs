namespace Syncthing.Engine.Ignore;

/// <summary>
/// Outcome of loading ignore patterns. <see cref="Matcher"/> is always usable (with no patterns when
/// <see cref="Error"/> is set, keeping the root lines so the REST API can still show them).
/// </summary>
internal sealed record IgnoreLoadResult(IgnoreMatcher Matcher, IgnoreParseException? Error)
{
    public bool IsSuccess => Error is null;

    /// <summary>The matcher, or throws <see cref="Error"/>.</summary>
    public IgnoreMatcher GetMatcherOrThrow() => Error is null ? Matcher : throw Error;
}
