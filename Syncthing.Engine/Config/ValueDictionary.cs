using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>
/// An immutable string-to-string map with value equality, kept sorted by key (ordinal) as Syncthing writes
/// versioning parameters. Serialises to and from a JSON object.
/// </summary>
[JsonConverter(typeof(ValueDictionaryJsonConverter))]
public sealed class ValueDictionary : IReadOnlyDictionary<string, string>, IEquatable<ValueDictionary>
{
    private readonly ImmutableSortedDictionary<string, string> _items;

    public ValueDictionary(IEnumerable<KeyValuePair<string, string>> items) =>
        _items = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items);

    public static ValueDictionary Empty { get; } = new([]);

    public int Count => _items.Count;

    public IEnumerable<string> Keys => _items.Keys;

    public IEnumerable<string> Values => _items.Values;

    public string this[string key] => _items[key];

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _items.TryGetValue(key, out value);

    public ValueDictionary SetItem(string key, string value) => new(_items.SetItem(key, value));

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueDictionary? other) =>
        other is not null && other.Count == Count && _items.All(kv => other._items.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override bool Equals(object? obj) => Equals(obj as ValueDictionary);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (k, v) in _items)
        {
            hash.Add(k);
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
