using System.Collections.Concurrent;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Index;

namespace Syncthing.Engine.Puller;

internal sealed partial class FolderPuller
{
    /// <summary>The state of one pull iteration: the batch of finished records, failures, names to rescan.</summary>
    private sealed class Run(string folder, IFileSystem fs, IIndexStore store, PullOptions options, Action? localIndexChanged, FileFetcher fetcher)
    {
        private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _rescan = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _consumed = new(StringComparer.Ordinal);

        public PullBatch Batch { get; } = new(folder, fs, store, options, localIndexChanged);

        public FileFetcher Fetcher => fetcher;

        public DurabilityGroup Durability { get; } = new(fs);

        /// <summary>Records a failure and returns its reason.</summary>
        public string Fail(string name, Exception error)
        {
            var reason = error switch
            {
                PullFailedException p => p.Message,
                FsException f => f.Reason,
                _ => error.Message,
            };
            if (error is PullFailedException { Rescan: true })
            {
                RequestRescan(name);
            }

            _errors[name] = reason;
            return reason;
        }

        public void RequestRescan(string name) => _rescan.TryAdd(name, 0);

        /// <summary>Marks a pending deletion as used up by a rename (so it is not deleted again).</summary>
        public bool TryConsume(string name) => _consumed.TryAdd(name, 0);

        public bool Consumed(string name) => _consumed.ContainsKey(name);

        public PullResult Result(int needed) => new()
        {
            Needed = needed,
            Done = Batch.Recorded,
            BytesDownloaded = fetcher.BytesDownloaded,
            BytesCopiedLocally = fetcher.BytesCopied,
            RescanNeeded = [.. _rescan.Keys.Order(StringComparer.Ordinal)],
            Errors = [.. _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new PullError(e.Key, e.Value))],
        };
    }
}
