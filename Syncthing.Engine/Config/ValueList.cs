using System.Collections;
using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>
/// An immutable list with value equality, so configuration records compare by content.
/// Serialises to and from a JSON array.
/// </summary>
[JsonConverter(typeof(ValueListJsonConverterFactory))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    public ValueList(IEnumerable<T> items) => _items = items.ToImmutableArray();

    internal ValueList(ImmutableArray<T> items) => _items = items;

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public static implicit operator ValueList<T>(T[] items) => new(items);

    public ValueList<T> Add(T item) => new(_items.Add(item));

    public ValueList<T> RemoveAll(Predicate<T> match) => new(_items.RemoveAll(match));

    public ValueList<T> Replace(T oldItem, T newItem) => new(_items.Replace(oldItem, newItem));

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items)}]";
}

/// <summary>Factory helpers for <see cref="ValueList{T}"/>.</summary>
public static class ValueList
{
    public static ValueList<T> Of<T>(params T[] items) => new(items);

    public static ValueList<T> Empty<T>() => EmptyHolder<T>.Value;

    private static class EmptyHolder<T>
    {
        public static readonly ValueList<T> Value = new(ImmutableArray<T>.Empty);
    }
}
