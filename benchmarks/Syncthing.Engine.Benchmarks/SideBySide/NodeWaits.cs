using System.Diagnostics;
using System.Text.Json.Nodes;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Bounded waits on a node's REST API, the same calls for both implementations. Folder waits follow the
/// <c>StateChanged</c> events (long poll) and read <c>/rest/db/status</c> whenever the folder enters <c>idle</c>, and
/// at least every <see cref="FallbackPoll"/>: our daemon computes the status counters with queries over the whole
/// index, so polling it every few milliseconds would load the very node being measured. The time of a wait's end
/// is when the idle event (or the confirming status) was received.
/// </summary>
internal static class NodeWaits
{
    private static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(1);

    /// <summary>The id of the newest StateChanged event; also subscribes to them (1.19 buffers a mask from its first request).</summary>
    public static async Task<long> EventCursorAsync(this BenchNode node, CancellationToken cancellationToken)
    {
        var events = (await node.GetAsync("rest/events?events=StateChanged&since=0&timeout=0", cancellationToken).ConfigureAwait(false)).AsArray();
        return events.Count == 0 ? 0 : (long)events[^1]!["id"]!;
    }

    /// <summary>Waits until <c>/rest/system/connections</c> shows <paramref name="peer"/> connected.</summary>
    public static async Task WaitConnectedAsync(this BenchNode node, DeviceId peer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var connections = await node.GetAsync("rest/system/connections", cancellationToken).ConfigureAwait(false);
            if ((bool?)connections["connections"]?[peer.ToString()]?["connected"] == true)
            {
                return;
            }

            Check(node, clock, timeout, $"connect to {peer.Short}", connections);
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Scan done: state idle and every file and directory of the dataset in the local and global counts.</summary>
    public static bool Scanned(JsonNode status, long files, long directories) =>
        (string?)status["state"] == "idle"
        && (long?)status["localFiles"] == files && (long?)status["globalFiles"] == files
        && (long?)status["localDirectories"] == directories && (long?)status["globalDirectories"] == directories;

    /// <summary>In sync: scanned as above (the global state is the dataset and we have all of it) and nothing needed.</summary>
    public static bool InSync(JsonNode status, long files, long directories) =>
        Scanned(status, files, directories) && (long?)status["needFiles"] == 0 && (long?)status["needTotalItems"] == 0;

    /// <summary>
    /// Waits until the folder's status satisfies <paramref name="done"/> (and, with <paramref name="complete"/>,
    /// <c>/rest/db/completion</c> says 100); returns the elapsed time of <paramref name="clock"/> at that moment.
    /// Take <paramref name="cursor"/> before triggering what is waited for.
    /// </summary>
    public static async Task<TimeSpan> WaitFolderAsync(
        this BenchNode node, string folder, long cursor, Func<JsonNode, bool> done, bool complete, Stopwatch clock, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var at = clock.Elapsed;
            var status = await node.GetAsync($"rest/db/status?folder={folder}", cancellationToken).ConfigureAwait(false);
            if ((string?)status["state"] == "error")
            {
                throw new InvalidOperationException($"{node.Describe()}: folder {folder} failed: {status.ToJsonString()}\n{node.Tail}");
            }

            if (done(status) && (!complete || await CompletionAsync(node, folder, cancellationToken).ConfigureAwait(false) >= 100))
            {
                return at;
            }

            Check(node, started, timeout, $"reach the expected state of folder {folder}", status);

            // Wait for the folder to enter idle (or the fallback interval), then look again.
            var waitUntil = Stopwatch.StartNew();
            while (waitUntil.Elapsed < FallbackPoll)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling((FallbackPoll - waitUntil.Elapsed).TotalSeconds));
                var events = (await node.GetAsync($"rest/events?events=StateChanged&since={cursor}&timeout={seconds}", cancellationToken).ConfigureAwait(false)).AsArray();
                var idle = false;
                foreach (var e in events)
                {
                    cursor = Math.Max(cursor, (long)e!["id"]!);
                    idle |= (string?)e["data"]?["folder"] == folder && (string?)e["data"]?["to"] == "idle";
                }

                if (idle)
                {
                    break;
                }
            }
        }
    }

    private static async Task<double> CompletionAsync(BenchNode node, string folder, CancellationToken cancellationToken) =>
        (double?)(await node.GetAsync($"rest/db/completion?folder={folder}", cancellationToken).ConfigureAwait(false))["completion"] ?? 0;

    private static void Check(BenchNode node, Stopwatch started, TimeSpan timeout, string what, JsonNode last)
    {
        if (node.HasExited)
        {
            throw new InvalidOperationException($"{node.Describe()} exited while waiting to {what}:\n{node.Tail}");
        }

        if (started.Elapsed > timeout)
        {
            throw new TimeoutException($"{node.Describe()} did not {what} within {timeout}; last answer {last.ToJsonString()}\n{node.Tail}");
        }
    }
}
