namespace Syncthing.Engine.Scanner;

/// <summary>
/// Adler-32 over a fixed-size sliding window, for finding shifted copies of blocks (the puller's weak-hash search,
/// brief §4.2). After <see cref="Roll"/> the value equals <see cref="Adler32.Compute"/> of the new window.
/// </summary>
/// <remarks>
/// A mutable struct for tight loops: keep it in a local (not a readonly field) so that <see cref="Roll"/> updates
/// the instance you read. For a window w of n bytes, s1 = 1 + Σ w[i] and s2 = n + Σ (n − i)·w[i]; sliding out
/// w[0] and in x gives s1' = s1 − w[0] + x and s2' = s2 − n·w[0] + s1' − 1 (all mod 65521).
/// </remarks>
internal struct RollingAdler32
{
    private readonly uint _windowMod;
    private uint _s1;
    private uint _s2;

    private RollingAdler32(int windowSize, uint adler)
    {
        WindowSize = windowSize;
        _windowMod = (uint)(windowSize % Adler32.Modulus);
        _s1 = adler & 0xFFFF;
        _s2 = adler >> 16;
    }

    /// <summary>Number of bytes in the window.</summary>
    public int WindowSize { get; }

    /// <summary>Adler-32 of the current window.</summary>
    public readonly uint Value => (_s2 << 16) | _s1;

    /// <summary>Starts a rolling hash over <paramref name="window"/> (its length is the window size, at least 1).</summary>
    public static RollingAdler32 Create(ReadOnlySpan<byte> window)
    {
        if (window.IsEmpty)
        {
            throw new ArgumentException("The window must hold at least one byte.", nameof(window));
        }

        return new RollingAdler32(window.Length, Adler32.Compute(window));
    }

    /// <summary>
    /// Slides the window one byte: <paramref name="outgoing"/> must be the window's first byte and
    /// <paramref name="incoming"/> the byte just after the window.
    /// </summary>
    public void Roll(byte outgoing, byte incoming)
    {
        const uint m = Adler32.Modulus;
        // s1, s2 and every subtrahend are below m, so adding m per subtraction keeps the sums non-negative.
        _s1 = (_s1 + m - outgoing + incoming) % m;
        _s2 = (_s2 + _s1 + (2 * m) - 1 - ((_windowMod * outgoing) % m)) % m;
    }
}
