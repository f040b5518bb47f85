using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// An immutable map of Helm values: nested <see cref="HelmValues"/>, lists (<see cref="ValueList{T}"/>), strings,
/// numbers and booleans. Helm values are a free-form tree by nature; building them as a typed map (rather than text)
/// keeps them serialised through <see cref="ManifestYaml"/>, and lets a test walk every key against the chart's
/// defaults. Built with <see cref="HelmValuesBuilder"/>; once built nothing changes it (<see cref="With"/> and
/// <see cref="Without"/> return copies), and two maps with the same keys and equal values are equal.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Helm calls them values.")]
public sealed class HelmValues : IReadOnlyDictionary<string, object?>, IEquatable<HelmValues>
{
    private readonly ImmutableSortedDictionary<string, object?> _values;

    private HelmValues(ImmutableSortedDictionary<string, object?> values) => _values = values;

    /// <summary>The empty map.</summary>
    public static HelmValues Empty { get; } = new(ImmutableSortedDictionary.Create<string, object?>(StringComparer.Ordinal));

    /// <inheritdoc />
    public object? this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <summary>A map of <paramref name="entries"/>; nested builders and lists are frozen too.</summary>
    public static HelmValues From(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries as HelmValues ?? new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            entries.Select(e => KeyValuePair.Create(e.Key, Freeze(e.Value)))));
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public HelmValues With(string key, object? value) => new(_values.SetItem(key, Freeze(value)));

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public HelmValues Without(string key) => new(_values.Remove(key));

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    /// <summary>The value at a key path (<c>"proxy", "resources"</c>), or null when a segment is missing.</summary>
    public object? At(params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        object? current = this;
        foreach (var key in path)
        {
            if (current is not HelmValues map || !map.TryGetValue(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The rendered values file.</summary>
    public string ToYaml() => ManifestYaml.RenderSingle(this);

    /// <summary>Every leaf key path (<c>a.b.c</c> segments), depth first; what the chart-keys test checks.</summary>
    public IEnumerable<IReadOnlyList<string>> LeafPaths()
    {
        foreach (var (key, value) in this)
        {
            if (value is HelmValues child && child.Count > 0)
            {
                foreach (var path in child.LeafPaths())
                {
                    yield return [key, .. path];
                }
            }
            else
            {
                yield return [key];
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(HelmValues? other) =>
        other is not null && (ReferenceEquals(this, other) || (Count == other.Count
            && _values.All(e => other._values.TryGetValue(e.Key, out var v) && Equals(e.Value, v))));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as HelmValues);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _values)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>The YAML, for messages.</summary>
    public override string ToString() => ToYaml();

    /// <summary>An immutable form of a value: builders are built, lists become <see cref="ValueList{T}"/>.</summary>
    internal static object? Freeze(object? value) => value switch
    {
        HelmValuesBuilder builder => builder.Build(),
        HelmValues or string or null => value,
        IEnumerable list => ValueList.From(list.Cast<object?>().Select(Freeze)),
        _ => value,
    };
}

/// <summary>
/// Builds <see cref="HelmValues"/> with an indexer initializer (<c>new HelmValuesBuilder { ["a"] = 1 }.Build()</c>).
/// Nested builders and lists are frozen by <see cref="Build"/>; the builder is the only mutable step.
/// </summary>
public sealed class HelmValuesBuilder
{
    private readonly SortedDictionary<string, object?> _values = new(StringComparer.Ordinal);

    /// <summary>Sets (or reads) one key while building.</summary>
    public object? this[string key]
    {
        get => _values[key];
        set => _values[key] = value;
    }

    /// <summary>The immutable values.</summary>
    public HelmValues Build() => HelmValues.From(_values);
}
