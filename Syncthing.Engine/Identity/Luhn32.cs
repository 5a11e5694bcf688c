namespace Syncthing.Engine.Identity;

/// <summary>
/// Syncthing's "Luhn mod 32" check character over the base32 alphabet. It differs from textbook Luhn:
/// it walks left to right and the first character has factor 1.
/// </summary>
internal static class Luhn32
{
    internal const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static char Generate(ReadOnlySpan<char> group)
    {
        var factor = 1;
        var sum = 0;
        foreach (var c in group)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{c}' is not a base32 character.");
            }

            var product = factor * value;
            sum += (product / 32) + (product % 32);
            factor = factor == 1 ? 2 : 1;
        }

        return Alphabet[(32 - (sum % 32)) % 32];
    }
}
