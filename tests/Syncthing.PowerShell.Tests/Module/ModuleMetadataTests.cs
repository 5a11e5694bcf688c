using System.Xml.Linq;

namespace Syncthing.PowerShell.Tests.Module;

/// <summary>
/// The built module checked without PowerShell: every cmdlet's verb, noun, ShouldProcess, OutputType, format view
/// and MAML help, and the manifest's export list, read from Syncthing.PowerShell.dll with a MetadataLoadContext.
/// </summary>
public sealed class ModuleMetadataTests
{
    // Get-Verb of PowerShell 7.4.
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip",
        "Split", "Step", "Switch", "Undo", "Unlock", "Watch", "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
        "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update", "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Approve", "Assert", "Build",
        "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register", "Request", "Restart",
        "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait", "Block", "Grant", "Protect",
        "Revoke", "Unblock", "Unprotect", "Use",
    };

    // Verbs that change state: these cmdlets must support -WhatIf/-Confirm.
    private static readonly HashSet<string> StateChangingVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Set", "Remove", "New", "Start", "Stop", "Restart", "Reset", "Update", "Suspend", "Resume", "Grant", "Revoke",
        "Connect", "Disconnect", "Repair", "Invoke", "Clear", "Install", "Uninstall", "Register", "Unregister",
        "Export", "Import",
    };

    private static readonly string[] IssueCmdlets =
    [
        "Start-SyncNode", "Stop-SyncNode", "Get-SyncNode", "Connect-SyncNode", "Disconnect-SyncNode", "New-SyncIdentity",
        "Add-SyncDevice", "Get-SyncDevice", "Set-SyncDevice", "Remove-SyncDevice", "Suspend-SyncDevice", "Resume-SyncDevice",
        "Add-SyncFolder", "Get-SyncFolder", "Set-SyncFolder", "Remove-SyncFolder", "Suspend-SyncFolder", "Resume-SyncFolder",
        "Grant-SyncFolder", "Revoke-SyncFolder", "Get-SyncIgnore", "Set-SyncIgnore", "Get-SyncStatus", "Get-SyncConnection",
        "Get-SyncNeed", "Invoke-SyncScan", "Wait-SyncFolder", "Test-SyncFolder", "Repair-SyncFolder", "Watch-SyncEvent",
        "Export-SyncBundle", "Import-SyncBundle",
    ];

    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly Lazy<IReadOnlyList<CmdletMetadata>> Cmdlets =
        new(() => CmdletMetadata.ReadAll(Path.Combine(AppContext.BaseDirectory, "Syncthing.PowerShell.dll")));

    [Fact]
    public void The_module_has_every_cmdlet_of_the_issue_and_no_other()
    {
        Assert.Equal(IssueCmdlets.Order(StringComparer.Ordinal), Cmdlets.Value.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_cmdlet_has_an_approved_verb_the_Sync_prefix_and_the_conventional_class_name()
    {
        Assert.All(Cmdlets.Value, c =>
        {
            Assert.Contains(c.Verb, ApprovedVerbs);
            Assert.StartsWith("Sync", c.Noun, StringComparison.Ordinal);
            Assert.Equal($"Syncthing.PowerShell.Cmdlets.{c.Verb}{c.Noun}Command", c.ClassName);
        });
    }

    [Fact]
    public void State_changing_cmdlets_support_ShouldProcess_and_readers_do_not()
    {
        Assert.All(Cmdlets.Value, c => Assert.True(
            StateChangingVerbs.Contains(c.Verb) == c.SupportsShouldProcess,
            $"{c.Name}: SupportsShouldProcess = {c.SupportsShouldProcess}"));
    }

    [Fact]
    public void Add_Set_and_Start_cmdlets_have_PassThru()
    {
        Assert.All(Cmdlets.Value.Where(c => c.Verb is "Add" or "Set" or "Start"), c =>
            Assert.Contains(c.Parameters, p => p.Name == "PassThru" && p.TypeName == "SwitchParameter"));
    }

    [Fact]
    public void Ids_bind_from_the_pipeline_by_property_name()
    {
        // Get-SyncFolder | Suspend-SyncFolder and Get-SyncStatus | Where-Object ... | Invoke-SyncScan need this.
        Assert.All(Cmdlets.Value.SelectMany(c => c.Parameters.Where(p => p.Name is "FolderId" or "Node").Select(p => (c, p))), x =>
            Assert.True(x.p.ByPropertyName || x.c.Name is "Add-SyncDevice", $"{x.c.Name} -{x.p.Name} does not bind by property name"));
        Assert.All(Cmdlets.Value.Where(c => c.Noun == "SyncFolder" && c.Verb != "Add"), c =>
            Assert.Contains(c.Parameters, p => p.Name == "FolderId" && p.ByValue));
    }

    [Fact]
    public void Every_output_type_is_declared_and_shown_by_a_table_view()
    {
        var format = XDocument.Load(Path.Combine(RepoFiles.Root, "Syncthing.Format.ps1xml"));
        var viewed = format.Descendants("View")
            .Where(v => v.Element("TableControl") is not null)
            .SelectMany(v => v.Descendants("TypeName").Select(t => t.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(Cmdlets.Value, c =>
        {
            Assert.NotEmpty(c.OutputTypes);
            foreach (var type in c.OutputTypes.Where(t => !t.StartsWith("System.", StringComparison.Ordinal)))
            {
                Assert.True(viewed.Contains(type), $"{c.Name}: no table view for {type}");
            }
        });
    }

    [Fact]
    public void Every_cmdlet_has_MAML_help_with_each_parameter_described_and_an_example()
    {
        var help = XDocument.Load(Path.Combine(RepoFiles.Root, "en-US", "Syncthing.PowerShell.dll-Help.xml"));
        var commands = help.Root!.Elements(Command + "command")
            .ToDictionary(c => c.Element(Command + "details")!.Element(Command + "name")!.Value, StringComparer.Ordinal);
        Assert.All(Cmdlets.Value, c =>
        {
            Assert.True(commands.TryGetValue(c.Name, out var command), $"no help for {c.Name}");
            Assert.False(string.IsNullOrWhiteSpace(command.Element(Command + "details")!.Element(Maml + "description")?.Value), $"{c.Name}: no synopsis");
            var described = command.Element(Command + "parameters")!.Elements(Command + "parameter")
                .Where(p => !string.IsNullOrWhiteSpace(p.Element(Maml + "description")?.Value))
                .Select(p => p.Element(Maml + "name")!.Value)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var parameter in c.Parameters)
            {
                Assert.True(described.Contains(parameter.Name), $"{c.Name}: -{parameter.Name} is not described in the help");
            }

            Assert.Equal(c.SupportsShouldProcess, described.Contains("WhatIf"));
            var examples = command.Element(Command + "examples")?.Elements(Command + "example").ToList() ?? [];
            Assert.NotEmpty(examples);
            Assert.All(examples, e => Assert.Contains(c.Name, e.Element(Dev + "code")!.Value, StringComparison.Ordinal));
        });
        Assert.Equal(Cmdlets.Value.Count, commands.Count);
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlet_classes_and_names_files_that_exist()
    {
        var text = File.ReadAllText(Path.Combine(RepoFiles.Root, "Syncthing.psd1"));
        Assert.Equal(
            Cmdlets.Value.Select(c => c.Name).Order(StringComparer.Ordinal),
            RepoFiles.ManifestList(text, "CmdletsToExport").Order(StringComparer.Ordinal));
        Assert.Empty(RepoFiles.ManifestList(text, "FunctionsToExport"));
        Assert.Empty(RepoFiles.ManifestList(text, "AliasesToExport"));
        Assert.Equal(["Core"], RepoFiles.ManifestList(text, "CompatiblePSEditions"));
        Assert.Equal("7.4", RepoFiles.ManifestValue(text, "PowerShellVersion"));
        Assert.Equal("Syncthing.PowerShell.dll", RepoFiles.ManifestValue(text, "RootModule"));
        Assert.All(RepoFiles.ManifestList(text, "FormatsToProcess"), f => Assert.True(File.Exists(Path.Combine(RepoFiles.Root, f)), f));
    }

    [Fact]
    public void Every_ErrorId_of_the_catalogue_is_documented_in_about_Syncthing()
    {
        var about = File.ReadAllText(Path.Combine(RepoFiles.Root, "en-US", "about_Syncthing.help.txt"));
        var ids = typeof(Syncthing.PowerShell.Core.SyncErrorIds).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.True(ids.Count >= 10);
        Assert.All(ids, id => Assert.Contains(id, about, StringComparison.Ordinal));
    }
}
