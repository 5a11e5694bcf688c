#:property PublishAot=false
// Markdown (platyPS layout) -> MAML, as platyPS's New-ExternalHelp would produce. Run from the repository root:
//   dotnet run tools/help/MamlGenerator.cs -- docs/cmdlets en-US/Syncthing.PowerShell.dll-Help.xml
// Exit code 1 (with the reason) when a file lacks a synopsis, an example, or a parameter description.
using System.Text.RegularExpressions;
using System.Xml.Linq;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: MamlGenerator <markdown-dir> <output.xml>");
    return 2;
}

XNamespace msh = "http://msh";
XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";
XNamespace msHelp = "http://msdn.microsoft.com/mshelp";
var problems = new List<string>();
var root = new XElement(msh + "helpItems", new XAttribute("schema", "maml"));

foreach (var file in Directory.GetFiles(args[0], "*.md").Order(StringComparer.Ordinal))
{
    var doc = MarkdownHelp.Parse(File.ReadAllLines(file));
    var name = doc.Name;
    if (string.IsNullOrWhiteSpace(doc.Synopsis)) problems.Add($"{name}: no SYNOPSIS");
    if (doc.Examples.Count == 0) problems.Add($"{name}: no example");
    foreach (var p in doc.Parameters.Where(p => string.IsNullOrWhiteSpace(p.Description))) problems.Add($"{name}: -{p.Name} has no description");

    XElement Paras(string text) => new(maml + "description",
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(t => new XElement(maml + "para", t.Trim())));
    XElement Parameter(MarkdownHelp.Param p) => new(command + "parameter",
        new XAttribute("required", p.Required.ToString().ToLowerInvariant()),
        new XAttribute("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal).ToString().ToLowerInvariant()),
        new XAttribute("globbing", p.Wildcards.ToString().ToLowerInvariant()),
        new XAttribute("pipelineInput", p.PipelineInput),
        new XAttribute("position", p.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : p.Position),
        new XAttribute("aliases", string.IsNullOrEmpty(p.Aliases) ? "none" : p.Aliases),
        new XElement(maml + "name", p.Name),
        Paras(p.Description),
        p.Type == "SwitchParameter" ? null : new XElement(command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), p.Type),
        new XElement(dev + "type", new XElement(maml + "name", p.Type), new XElement(maml + "uri")),
        new XElement(dev + "defaultValue", p.DefaultValue));

    var verb = name.Split('-')[0];
    var noun = name[(verb.Length + 1)..];
    var sets = doc.SyntaxSets.Count == 0 ? ["(All)"] : doc.SyntaxSets;
    root.Add(new XElement(command + "command",
        new XAttribute(XNamespace.Xmlns + "maml", maml), new XAttribute(XNamespace.Xmlns + "command", command),
        new XAttribute(XNamespace.Xmlns + "dev", dev), new XAttribute(XNamespace.Xmlns + "MSHelp", msHelp),
        new XElement(command + "details",
            new XElement(command + "name", name), new XElement(command + "verb", verb), new XElement(command + "noun", noun),
            Paras(doc.Synopsis)),
        Paras(doc.Description),
        new XElement(command + "syntax", sets.Select(set => new XElement(command + "syntaxItem",
            new XElement(maml + "name", name),
            doc.Parameters.Where(p => p.Sets.Contains("(All)") || p.Sets.Contains(set) || set == "(All)").Select(Parameter)))),
        new XElement(command + "parameters", doc.Parameters.Select(Parameter)),
        new XElement(command + "inputTypes", doc.Inputs.Select(i => new XElement(command + "inputType",
            new XElement(dev + "type", new XElement(maml + "name", i.Type)), Paras(i.Text)))),
        new XElement(command + "returnValues", doc.Outputs.Select(o => new XElement(command + "returnValue",
            new XElement(dev + "type", new XElement(maml + "name", o.Type)), Paras(o.Text)))),
        new XElement(maml + "alertSet", new XElement(maml + "alert", new XElement(maml + "para", doc.Notes))),
        new XElement(command + "examples", doc.Examples.Select(e => new XElement(command + "example",
            new XElement(maml + "title", $"-------------------------- {e.Title} --------------------------"),
            new XElement(dev + "code", e.Code),
            new XElement(dev + "remarks", new XElement(maml + "para", e.Remarks))))),
        new XElement(command + "relatedLinks", doc.Links.Select(l => new XElement(maml + "navigationLink",
            new XElement(maml + "linkText", l), new XElement(maml + "uri"))))));
}

if (problems.Count > 0)
{
    problems.ForEach(Console.Error.WriteLine);
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(args[1]);
Console.WriteLine($"{root.Elements().Count()} commands -> {args[1]}");
return 0;

/// <summary>The parts of a platyPS markdown file.</summary>
internal sealed partial class MarkdownHelp
{
    public string Name { get; private set; } = "";
    public string Synopsis { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Notes { get; private set; } = "";
    public List<string> SyntaxSets { get; } = [];
    public List<Param> Parameters { get; } = [];
    public List<Example> Examples { get; } = [];
    public List<(string Type, string Text)> Inputs { get; } = [];
    public List<(string Type, string Text)> Outputs { get; } = [];
    public List<string> Links { get; } = [];

    internal sealed record Param(string Name, string Description, string Type, string[] Sets, string Aliases, bool Required, string Position, string DefaultValue, string PipelineInput, bool Wildcards);

    internal sealed record Example(string Title, string Code, string Remarks);

    public static MarkdownHelp Parse(string[] lines)
    {
        var help = new MarkdownHelp();
        var start = lines.Length > 0 && lines[0] == "---" ? Array.IndexOf(lines, "---", 1) + 1 : 0;
        string section = "", sub = "";
        var buffer = new List<string>();

        void Flush()
        {
            var text = string.Join('\n', buffer).Trim();
            buffer.Clear();
            switch (section)
            {
                case "SYNOPSIS": help.Synopsis = text; break;
                case "DESCRIPTION": help.Description = text; break;
                case "NOTES": help.Notes = text; break;
                case "SYNTAX" when sub.Length > 0: help.SyntaxSets.Add(sub.Replace(" (Default)", "", StringComparison.Ordinal)); break;
                case "EXAMPLES" when sub.Length > 0: help.Examples.Add(ParseExample(sub, text)); break;
                case "PARAMETERS" when sub.StartsWith('-'): help.Parameters.Add(ParseParam(sub[1..], text)); break;
                case "INPUTS" when sub.Length > 0: help.Inputs.Add((sub, text)); break;
                case "OUTPUTS" when sub.Length > 0: help.Outputs.Add((sub, text)); break;
                case "RELATED LINKS": help.Links.AddRange(LinkRegex().Matches(text).Select(m => m.Groups[1].Value)); break;
                default: break;
            }
        }

        var inFence = false;
        foreach (var line in lines.Skip(start))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal)) { help.Name = line[2..].Trim(); continue; }
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal)) { Flush(); section = line[3..].Trim(); sub = ""; continue; }
            if (!inFence && line.StartsWith("### ", StringComparison.Ordinal)) { Flush(); sub = line[4..].Trim(); continue; }
            buffer.Add(line);
        }

        Flush();
        return help;
    }

    private static Example ParseExample(string title, string text)
    {
        var m = FenceRegex().Match(text);
        var code = m.Success ? m.Groups[1].Value.Trim() : "";
        var remarks = m.Success ? text[(m.Index + m.Length)..].Trim() : text;
        return new Example(title, code, remarks);
    }

    private static Param ParseParam(string name, string text)
    {
        var m = FenceRegex().Match(text);
        var description = (m.Success ? text[..m.Index] : text).Trim();
        var yaml = (m.Success ? m.Groups[1].Value : "").Split('\n')
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        string Y(string key, string fallback) => yaml.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
        return new Param(name, description, Y("Type", "Object"), Y("Parameter Sets", "(All)").Split(',', StringSplitOptions.TrimEntries),
            Y("Aliases", ""), bool.Parse(Y("Required", "False")), Y("Position", "Named"), Y("Default value", "None"),
            Y("Accept pipeline input", "False"), bool.Parse(Y("Accept wildcard characters", "False")));
    }

    [GeneratedRegex("```[a-z]*\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"\[([^\]]+)\]")]
    private static partial Regex LinkRegex();
}
