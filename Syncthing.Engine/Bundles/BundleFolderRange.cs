namespace Syncthing.Engine.Bundles;

/// <summary>
/// One folder of a bundle: the exporter's index ID for it and the range of the exporter's sequences the records
/// cover, <c>(FromSequence, ToSequence]</c> (from exclusive). A full bundle has <c>FromSequence = 0</c>.
/// </summary>
internal sealed record BundleFolderRange(string Folder, ulong IndexId, long FromSequence, long ToSequence);
