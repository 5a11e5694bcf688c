using Syncthing.Engine.Fs.Basic;

namespace Syncthing.Engine.Tests.Fs;

public sealed class BasicFileSystemContractTests : FileSystemContractTests, IDisposable
{
    private readonly TempDirectory _root;
    private readonly TempDirectory _outside;

    public BasicFileSystemContractTests()
        : this(new TempDirectory(), new TempDirectory())
    {
    }

    private BasicFileSystemContractTests(TempDirectory root, TempDirectory outside)
        : base(new BasicFileSystem(root.Path))
    {
        _root = root;
        _outside = outside;
        File.WriteAllText(Path.Combine(outside.Path, "secret"), "outside");
        Directory.CreateDirectory(Path.Combine(outside.Path, "sub"));
    }

    private protected override string OutsideTarget => _outside.Path;

    public void Dispose()
    {
        Assert.Equal("outside", File.ReadAllText(Path.Combine(_outside.Path, "secret")));
        Assert.Equal(["secret", "sub"], Directory.EnumerateFileSystemEntries(_outside.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        _root.Dispose();
        _outside.Dispose();
    }
}
