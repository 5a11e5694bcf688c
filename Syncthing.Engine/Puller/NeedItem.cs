using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Puller;

/// <summary>The little the puller keeps in memory per needed item; the full record is read when it is processed.</summary>
internal readonly record struct NeedItem(string Name, FileKind Kind, bool Deleted, long Size, long ModifiedSeconds)
{
    public static NeedItem Of(FileRecord record) =>
        new(record.Name, record.Kind, record.Deleted, record.Size, record.ModifiedSeconds);
}
