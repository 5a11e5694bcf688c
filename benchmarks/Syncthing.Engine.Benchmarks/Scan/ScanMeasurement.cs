namespace Syncthing.Engine.Benchmarks.Scan;

/// <summary>One timed scan of a dataset by one side.</summary>
/// <param name="Seconds">The measured scan time (see the results file for what each side's clock covers).</param>
/// <param name="WallSeconds">For real Syncthing: from the unpause request to seeing it idle (includes folder start and polling).</param>
internal sealed record ScanMeasurement(string Side, string Dataset, int Run, double Seconds, double WallSeconds);
