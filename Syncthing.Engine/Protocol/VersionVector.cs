using System.Collections.Immutable;
using System.Text;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// An immutable version vector: counters sorted by short ID ascending, no zero values. Local changes bump the
/// local counter to max(old + 1, Unix seconds), as Syncthing does since 1.6, so that counters also carry time.
/// </summary>
public sealed class VersionVector : IEquatable<VersionVector>
{
    public static VersionVector Empty { get; } = new(ImmutableArray<Counter>.Empty);

    private VersionVector(ImmutableArray<Counter> counters) => Counters = counters;

    public ImmutableArray<Counter> Counters { get; }

    public bool IsEmpty => Counters.IsEmpty;

    /// <summary>Builds a vector from counters in any order; zero values are dropped, duplicate IDs rejected.</summary>
    public static VersionVector FromCounters(IEnumerable<Counter> counters)
    {
        var sorted = counters.Where(c => c.Value != 0).OrderBy(c => c.Id).ToImmutableArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Id == sorted[i - 1].Id)
            {
                throw new ArgumentException($"Counter {sorted[i].Id} appears twice in a version vector.", nameof(counters));
            }
        }

        return new VersionVector(sorted);
    }

    public ulong Counter(ShortId id) => Counter(id.Value);

    public ulong Counter(ulong id)
    {
        foreach (var c in Counters)
        {
            if (c.Id == id)
            {
                return c.Value;
            }
        }

        return 0;
    }

    /// <summary>The vector after a local change by <paramref name="id"/> at <paramref name="now"/>.</summary>
    public VersionVector Update(ShortId id, DateTimeOffset now)
    {
        var seconds = (ulong)Math.Max(0, now.ToUnixTimeSeconds());
        var builder = ImmutableArray.CreateBuilder<Counter>(Counters.Length + 1);
        var done = false;
        foreach (var c in Counters)
        {
            if (!done && c.Id == id.Value)
            {
                builder.Add(new Counter(c.Id, Math.Max(c.Value + 1, seconds)));
                done = true;
            }
            else if (!done && c.Id > id.Value)
            {
                builder.Add(new Counter(id.Value, Math.Max(1, seconds)));
                builder.Add(c);
                done = true;
            }
            else
            {
                builder.Add(c);
            }
        }

        if (!done)
        {
            builder.Add(new Counter(id.Value, Math.Max(1, seconds)));
        }

        return new VersionVector(builder.ToImmutable());
    }

    /// <summary>The element-wise maximum of both vectors.</summary>
    public VersionVector Merge(VersionVector other)
    {
        var builder = ImmutableArray.CreateBuilder<Counter>(Counters.Length + other.Counters.Length);
        int i = 0, j = 0;
        while (i < Counters.Length || j < other.Counters.Length)
        {
            if (j >= other.Counters.Length || (i < Counters.Length && Counters[i].Id < other.Counters[j].Id))
            {
                builder.Add(Counters[i++]);
            }
            else if (i >= Counters.Length || other.Counters[j].Id < Counters[i].Id)
            {
                builder.Add(other.Counters[j++]);
            }
            else
            {
                builder.Add(new Counter(Counters[i].Id, Math.Max(Counters[i].Value, other.Counters[j].Value)));
                i++;
                j++;
            }
        }

        return new VersionVector(builder.ToImmutable());
    }

    /// <summary>
    /// Compares this vector with <paramref name="other"/>. When neither dominates, the tie is broken by the
    /// first counter ID (ascending) whose values differ: the side with the higher value is ConcurrentGreater.
    /// </summary>
    public Ordering Compare(VersionVector other)
    {
        bool greater = false, lesser = false;
        Ordering? tie = null;
        int i = 0, j = 0;
        while (i < Counters.Length || j < other.Counters.Length)
        {
            ulong a, b;
            if (j >= other.Counters.Length || (i < Counters.Length && Counters[i].Id < other.Counters[j].Id))
            {
                a = Counters[i++].Value;
                b = 0;
            }
            else if (i >= Counters.Length || other.Counters[j].Id < Counters[i].Id)
            {
                a = 0;
                b = other.Counters[j++].Value;
            }
            else
            {
                a = Counters[i++].Value;
                b = other.Counters[j++].Value;
            }

            if (a > b)
            {
                greater = true;
                tie ??= Ordering.ConcurrentGreater;
            }
            else if (a < b)
            {
                lesser = true;
                tie ??= Ordering.ConcurrentLesser;
            }
        }

        return (greater, lesser) switch
        {
            (false, false) => Ordering.Equal,
            (true, false) => Ordering.Greater,
            (false, true) => Ordering.Lesser,
            _ => tie!.Value,
        };
    }

    public bool IsNewerThan(VersionVector other) => Compare(other) == Ordering.Greater;

    public bool IsConcurrentWith(VersionVector other) =>
        Compare(other) is Ordering.ConcurrentGreater or Ordering.ConcurrentLesser;

    public bool Equals(VersionVector? other) => other is not null && Counters.SequenceEqual(other.Counters);

    public override bool Equals(object? obj) => Equals(obj as VersionVector);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var c in Counters)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    /// <summary>Syncthing's REST rendering: <c>ABCDEFG:1234,HIJKLMN:5678</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var c in Counters)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(new ShortId(c.Id).ToString()).Append(':').Append(c.Value);
        }

        return sb.ToString();
    }
}
