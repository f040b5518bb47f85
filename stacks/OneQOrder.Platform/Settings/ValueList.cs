using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OneQOrder.Platform.Settings;

/// <summary>
/// An immutable list that compares by value: two lists are equal when they hold equal items in the same order. Records
/// keep their <c>IReadOnlyList&lt;T&gt;</c> members and store them as a <see cref="ValueList{T}"/>, so the
/// compiler-generated record equality (which calls the members' <c>Equals</c>) compares contents, not references.
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    internal ValueList(ImmutableArray<T> items) => _items = items;

    /// <inheritdoc />
    public T this[int index] => _items[index];

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ValueList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>The items, for messages and debugging.</summary>
    public override string ToString() => $"[{string.Join(", ", _items)}]";
}

/// <summary>Creates <see cref="ValueList{T}"/>s.</summary>
public static class ValueList
{
    /// <summary>The collection-expression builder: <c>ValueList&lt;T&gt; list = [a, b];</c>.</summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new([.. items]);

    /// <summary>A value list of <paramref name="items"/> (the same instance when it already is one); empty for null.</summary>
    public static ValueList<T> From<T>(IEnumerable<T>? items) => items switch
    {
        null => new([]),
        ValueList<T> list => list,
        _ => new([.. items]),
    };

    /// <summary><see cref="From{T}(IEnumerable{T})"/> as an extension.</summary>
    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => From(items);
}

/// <summary>
/// An immutable map that compares by value (same keys, equal values), enumerated in the order it was given:
/// the dictionary counterpart of <see cref="ValueList{T}"/> for records' <c>IReadOnlyDictionary</c> members.
/// </summary>
public sealed class ValueDictionary<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>, IEquatable<ValueDictionary<TKey, TValue>>
    where TKey : notnull
{
    private readonly ImmutableArray<KeyValuePair<TKey, TValue>> _entries;
    private readonly ImmutableDictionary<TKey, TValue> _lookup;

    internal ValueDictionary(IEnumerable<KeyValuePair<TKey, TValue>> entries, IEqualityComparer<TKey>? comparer)
    {
        _entries = [.. entries];
        _lookup = ImmutableDictionary.CreateRange(comparer, _entries);
    }

    /// <inheritdoc />
    public TValue this[TKey key] => _lookup[key];

    /// <inheritdoc />
    public IEnumerable<TKey> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<TValue> Values => _entries.Select(e => e.Value);

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public bool ContainsKey(TKey key) => _lookup.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _lookup.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<TKey, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ValueDictionary<TKey, TValue>? other) =>
        other is not null && (ReferenceEquals(this, other) || (Count == other.Count
            && _entries.All(e => other._lookup.TryGetValue(e.Key, out var v) && EqualityComparer<TValue>.Default.Equals(e.Value, v))));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ValueDictionary<TKey, TValue>);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (key, value) in _entries)
        {
            hash ^= HashCode.Combine(key, value);
        }

        return hash;
    }

    /// <summary>The entries, for messages and debugging.</summary>
    public override string ToString() => $"{{{string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}"))}}}";
}

/// <summary>Creates <see cref="ValueDictionary{TKey, TValue}"/>s.</summary>
public static class ValueDictionaries
{
    /// <summary>A value map of <paramref name="entries"/> in their order (the same instance when it already is one); empty for null.</summary>
    public static ValueDictionary<TKey, TValue> From<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>>? entries)
        where TKey : notnull => entries as ValueDictionary<TKey, TValue>
            ?? new(entries ?? [], (entries as Dictionary<TKey, TValue>)?.Comparer);
}
