using Syncthing.Engine.Fs.InMemory;

namespace Syncthing.Engine.Tests.Fs;

public sealed class InMemoryFileSystemContractTests : FileSystemContractTests
{
    public InMemoryFileSystemContractTests()
        : base(new InMemoryFileSystem(new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000))))
    {
    }

    private protected override string OutsideTarget => "/somewhere/else";
}
