using System.Reflection;
using System.Reflection.Emit;
using Syncthing.Engine.Common;

namespace Syncthing.Engine.Tests;

/// <summary>
/// The layering table of docs/ARCHITECTURE.md, checked against the compiled engine: every type in
/// <c>Syncthing.Engine.&lt;Folder&gt;[.Sub]</c> may only use types of its own folder and of the folders the table
/// allows. Sub-namespaces (Protocol.Wire, Protocol.Compression, Fs.Basic, Fs.InMemory) belong to their top folder.
/// </summary>
public sealed class ArchitectureTests
{
    private const string EnginePrefix = "Syncthing.Engine";

    private static readonly string[] LowerThanModel =
        ["Common", "Identity", "Events", "Fs", "Protocol", "Ignore", "Watcher", "Config", "Scanner", "Index", "Connections", "Puller"];

    /// <summary>Folder → folders it may use (besides itself).</summary>
    internal static IReadOnlyDictionary<string, string[]> AllowedTable { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Common"] = [],
        ["Identity"] = ["Common"],
        ["Events"] = ["Identity", "Common"],
        ["Fs"] = ["Common"],
        ["Protocol"] = ["Identity", "Fs", "Common"],
        ["Ignore"] = ["Fs", "Common"],
        ["Watcher"] = ["Fs", "Ignore", "Common"],
        ["Config"] = ["Identity", "Protocol", "Common"],
        ["Scanner"] = ["Fs", "Ignore", "Protocol", "Index", "Identity", "Common"],
        ["Index"] = ["Protocol", "Identity", "Common"],
        ["Connections"] = ["Protocol", "Identity", "Config", "Common"],
        ["Puller"] = ["Fs", "Ignore", "Protocol", "Index", "Scanner", "Identity", "Config", "Events", "Common"],
        ["Model"] = LowerThanModel,
        ["Bundles"] = ["Fs", "Ignore", "Protocol", "Index", "Scanner", "Puller", "Identity", "Config", "Common"],
        ["Api"] = ["Model", "Events", "Config", "Index", "Protocol", "Identity", "Common"],
        ["Hosting"] = [.. LowerThanModel, "Model", "Bundles", "Api"],
    };

    [Fact]
    public void Engine_types_only_use_the_folders_the_layering_table_allows()
    {
        var violations = FindViolations(EngineDependencies(), AllowedTable);

        Assert.True(violations.Count == 0, "Layering violations (from -> to: type -> type):\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Every_engine_folder_is_in_the_layering_table()
    {
        var folders = EngineDependencies()
            .SelectMany(d => new[] { d.FromNamespace, d.ToNamespace })
            .Concat(typeof(SyncthingException).Assembly.GetTypes().Select(t => t.Namespace ?? string.Empty))
            .Select(FolderOf)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var unknown = folders.Where(f => !AllowedTable.ContainsKey(f)).Order(StringComparer.Ordinal).ToList();

        Assert.Contains("Protocol", folders);
        Assert.True(unknown.Count == 0, "Engine folders missing from the layering table: " + string.Join(", ", unknown.Select(f => f.Length == 0 ? "(root namespace)" : f)));
    }

    [Fact]
    public void A_table_that_forbids_an_existing_edge_reports_it_with_the_types_involved()
    {
        var dependencies = EngineDependencies();
        // BlockHasher produces BlockRef (Protocol): a real Scanner -> Protocol edge.
        Assert.Contains(dependencies, d => d.FromType == "Syncthing.Engine.Scanner.BlockHasher" && d.ToType == "Syncthing.Engine.Protocol.BlockRef");
        var strict = new Dictionary<string, string[]>(AllowedTable, StringComparer.Ordinal) { ["Scanner"] = ["Fs", "Ignore", "Index", "Identity", "Common"] };

        var violations = FindViolations(dependencies, strict);

        Assert.Contains("Scanner -> Protocol: Syncthing.Engine.Scanner.BlockHasher -> Syncthing.Engine.Protocol.BlockRef", violations);
        Assert.All(violations, v => Assert.StartsWith("Scanner -> Protocol: ", v, StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_finds_edges_hidden_in_il_operands_base_types_generic_arguments_and_nested_types()
    {
        using var synthetic = SyntheticAssembly();

        var dependencies = EngineDependencyReader.Read(synthetic);

        var edges = dependencies.Select(d => $"{d.FromType} -> {d.ToType}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "Syncthing.Engine.Common.TokenOnly -> Syncthing.Engine.Identity.Thing", // ldtoken List<Thing> in a body
                "Syncthing.Engine.Config.Outer -> Syncthing.Engine.Scanner.CallsOnly", // field of a nested type
                "Syncthing.Engine.Fs.Derived -> Syncthing.Engine.Protocol.BaseThing", // base type
                "Syncthing.Engine.Scanner.CallsOnly -> Syncthing.Engine.Connections.Target", // call in a body, nothing else
            ],
            edges);
        Assert.Equal(
            [
                "Common -> Identity: Syncthing.Engine.Common.TokenOnly -> Syncthing.Engine.Identity.Thing",
                "Config -> Scanner: Syncthing.Engine.Config.Outer -> Syncthing.Engine.Scanner.CallsOnly",
                "Fs -> Protocol: Syncthing.Engine.Fs.Derived -> Syncthing.Engine.Protocol.BaseThing",
                "Scanner -> Connections: Syncthing.Engine.Scanner.CallsOnly -> Syncthing.Engine.Connections.Target",
            ],
            FindViolations(dependencies, AllowedTable));
    }

    /// <summary>Edges between different folders that <paramref name="allowed"/> does not permit, formatted for people.</summary>
    internal static IReadOnlyList<string> FindViolations(IEnumerable<TypeDependency> dependencies, IReadOnlyDictionary<string, string[]> allowed) =>
        dependencies
            .Select(d => (From: FolderOf(d.FromNamespace), To: FolderOf(d.ToNamespace), Dependency: d))
            .Where(e => e.From is not null && e.To is not null && e.From != e.To)
            .Where(e => !allowed.TryGetValue(e.From!, out var uses) || !uses.Contains(e.To!, StringComparer.Ordinal))
            .Select(e => $"{e.From} -> {e.To}: {e.Dependency.FromType} -> {e.Dependency.ToType}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The top folder of an engine namespace ("" for the root namespace itself); null for namespaces outside the
    /// engine (compiler-generated helpers such as &lt;PrivateImplementationDetails&gt; or embedded attributes).
    /// </summary>
    internal static string? FolderOf(string ns)
    {
        if (ns == EnginePrefix)
        {
            return string.Empty;
        }

        if (!ns.StartsWith(EnginePrefix + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(EnginePrefix.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static IReadOnlyList<TypeDependency> EngineDependencies() =>
        EngineDependencyReader.Read(typeof(SyncthingException).Assembly.Location);

    /// <summary>
    /// A tiny assembly whose only cross-folder references are the ones the reader must find: a call in a method
    /// body, a base type, a generic argument in an ldtoken operand, and a field of a nested type.
    /// </summary>
    private static MemoryStream SyntheticAssembly()
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("ArchitectureSynthetic"), typeof(object).Assembly);
        var module = assembly.DefineDynamicModule("ArchitectureSynthetic");
        const TypeAttributes Public = TypeAttributes.Public | TypeAttributes.Class;

        var target = module.DefineType("Syncthing.Engine.Connections.Target", Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var touch = target.DefineMethod("Touch", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        touch.GetILGenerator().Emit(OpCodes.Ret);

        var callsOnly = module.DefineType("Syncthing.Engine.Scanner.CallsOnly", Public);
        var run = callsOnly.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        var runIl = run.GetILGenerator();
        runIl.Emit(OpCodes.Call, touch);
        runIl.Emit(OpCodes.Ret);

        var baseThing = module.DefineType("Syncthing.Engine.Protocol.BaseThing", Public | TypeAttributes.Abstract);
        var derived = module.DefineType("Syncthing.Engine.Fs.Derived", Public | TypeAttributes.Abstract, baseThing);

        var thing = module.DefineType("Syncthing.Engine.Identity.Thing", Public);
        var tokenOnly = module.DefineType("Syncthing.Engine.Common.TokenOnly", Public);
        var peek = tokenOnly.DefineMethod("Peek", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes);
        var peekIl = peek.GetILGenerator();
        peekIl.Emit(OpCodes.Ldtoken, typeof(List<>).MakeGenericType(thing));
        peekIl.Emit(OpCodes.Pop);
        peekIl.Emit(OpCodes.Ret);

        var outer = module.DefineType("Syncthing.Engine.Config.Outer", Public);
        var inner = outer.DefineNestedType("Inner", TypeAttributes.NestedPublic | TypeAttributes.Class);
        inner.DefineField("Scanner", callsOnly, FieldAttributes.Public);

        foreach (var type in new[] { target, callsOnly, baseThing, derived, thing, tokenOnly, outer, inner })
        {
            type.CreateType();
        }

        var stream = new MemoryStream();
        assembly.Save(stream);
        stream.Position = 0;
        return stream;
    }
}
