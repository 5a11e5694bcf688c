using System.Reflection;
using System.Runtime.InteropServices;

namespace Syncthing.PowerShell.Tests.Module;

/// <summary>One cmdlet class as its attributes declare it, read without loading PowerShell.</summary>
internal sealed record CmdletMetadata(
    string ClassName,
    string Verb,
    string Noun,
    bool SupportsShouldProcess,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    public string Name => Verb + "-" + Noun;

    /// <summary>Reads every cmdlet of the built Syncthing.PowerShell.dll with a MetadataLoadContext.</summary>
    public static IReadOnlyList<CmdletMetadata> ReadAll(string assemblyPath)
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var paths = Directory.GetFiles(runtime, "*.dll")
            .Concat(Directory.GetFiles(Path.GetDirectoryName(assemblyPath)!, "*.dll"))
            .Concat(PowerShellReference() is { } sma ? [sma] : [])
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var assembly = context.LoadFromAssemblyPath(assemblyPath);
        var result = new List<CmdletMetadata>();
        foreach (var type in assembly.GetTypes())
        {
            var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
            if (cmdlet is null)
            {
                continue;
            }

            var shouldProcess = cmdlet.NamedArguments.Any(n => n.MemberName == "SupportsShouldProcess" && (bool)n.TypedValue.Value!);
            var outputs = type.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
                .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "")
                .ToList();
            var parameters = type.GetProperties()
                .Select(p => (Property: p, Attributes: p.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").ToList()))
                .Where(p => p.Attributes.Count > 0)
                .Select(p => new ParameterMetadata(
                    p.Property.Name,
                    p.Property.PropertyType.Name,
                    p.Attributes.Any(a => Named(a, "ValueFromPipeline")),
                    p.Attributes.Any(a => Named(a, "ValueFromPipelineByPropertyName"))))
                .ToList();
            result.Add(new CmdletMetadata(type.FullName!, (string)cmdlet.ConstructorArguments[0].Value!, (string)cmdlet.ConstructorArguments[1].Value!, shouldProcess, outputs, parameters));
        }

        return result;
    }

    private static bool Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Any(n => n.MemberName == name && n.TypedValue.Value is true);

    /// <summary>System.Management.Automation from the test output, else the PowerShellStandard.Library package.</summary>
    private static string? PowerShellReference()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll");
        if (File.Exists(local))
        {
            return local;
        }

        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return new[] { home, "/opt/nuget/packages" }
            .Select(root => Path.Combine(root, "powershellstandard.library"))
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.GetFiles(dir, "System.Management.Automation.dll", SearchOption.AllDirectories))
            .FirstOrDefault();
    }
}

/// <summary>A cmdlet parameter: name, type and how it binds from the pipeline.</summary>
internal sealed record ParameterMetadata(string Name, string TypeName, bool ByValue, bool ByPropertyName);
