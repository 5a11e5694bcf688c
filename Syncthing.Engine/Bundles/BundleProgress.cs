namespace Syncthing.Engine.Bundles;

/// <summary>Progress of an export or import: records and block bytes handled so far.</summary>
internal readonly record struct BundleProgress(long Records, long BlockBytes);
