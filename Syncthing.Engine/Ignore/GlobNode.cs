namespace Syncthing.Engine.Ignore;

/// <summary>Kinds of element in a parsed glob (the gobwas/glob v0.2.3 syntax that Syncthing 1.19 uses).</summary>
internal enum GlobNodeKind
{
    /// <summary>Literal text (escapes already resolved).</summary>
    Text,

    /// <summary><c>*</c>: any run of code points other than the separator <c>/</c>.</summary>
    Any,

    /// <summary><c>**</c>: any run of code points, separators included.</summary>
    Super,

    /// <summary><c>?</c>: exactly one code point other than <c>/</c>.</summary>
    Single,

    /// <summary><c>[abc]</c> / <c>[!abc]</c>: one code point in (or not in) a list. May match <c>/</c> when negated.</summary>
    List,

    /// <summary><c>[a-z]</c> / <c>[!a-z]</c>: one code point in (or not in) an inclusive range.</summary>
    Range,

    /// <summary><c>{a,b}</c>: any one of several sub-sequences.</summary>
    Alternatives,
}

/// <summary>One element of a parsed glob. Immutable after the parser hands it out.</summary>
internal sealed class GlobNode
{
    private GlobNode(GlobNodeKind kind) => Kind = kind;

    public GlobNodeKind Kind { get; }

    /// <summary>Literal for <see cref="GlobNodeKind.Text"/>; the member code points for <see cref="GlobNodeKind.List"/>.</summary>
    public string Text { get; private init; } = "";

    public bool Negated { get; private init; }

    public int Low { get; private init; }

    public int High { get; private init; }

    public IReadOnlyList<IReadOnlyList<GlobNode>> Branches { get; private init; } = [];

    public static readonly GlobNode AnyNode = new(GlobNodeKind.Any);
    public static readonly GlobNode SuperNode = new(GlobNodeKind.Super);
    public static readonly GlobNode SingleNode = new(GlobNodeKind.Single);

    public static GlobNode Literal(string text) => new(GlobNodeKind.Text) { Text = text };

    public static GlobNode CharList(string chars, bool negated) =>
        new(GlobNodeKind.List) { Text = chars, Negated = negated };

    public static GlobNode CharRange(int low, int high, bool negated) =>
        new(GlobNodeKind.Range) { Low = low, High = high, Negated = negated };

    public static GlobNode OneOf(IReadOnlyList<IReadOnlyList<GlobNode>> branches) =>
        new(GlobNodeKind.Alternatives) { Branches = branches };
}
