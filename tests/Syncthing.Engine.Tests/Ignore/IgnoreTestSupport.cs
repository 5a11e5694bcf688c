using Syncthing.Engine.Ignore;

namespace Syncthing.Engine.Tests.Ignore;

/// <summary>Builds matchers from literal text and an in-memory set of includable files.</summary>
internal static class IgnoreTestSupport
{
    public static IgnoreMatcher Compile(string text) => Compile(text, IgnoreOptions.Default);

    public static IgnoreMatcher Compile(string text, IgnoreOptions options) =>
        IgnoreMatcher.Load(text, _ => null, options).GetMatcherOrThrow();

    public static IgnoreLoadResult Load(string text, IReadOnlyDictionary<string, string> files) =>
        IgnoreMatcher.Load(text, path => files.TryGetValue(path, out var content) ? content : null);
}
