using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// One Kubernetes object of the plan, frozen. The typed object (a KubernetesClient model or a CRD record of this
/// library, both mutable or holding mutable metadata) is never handed out: <see cref="Thaw"/> gives a fresh copy,
/// and changing that copy changes nothing planned (freeze the changed copy into a new plan or evidence instead). Two
/// frozen manifests are equal when their type and canonical JSON are (System.Text.Json with the source-generated
/// <see cref="ManifestJsonContext"/>, the tree <see cref="ManifestYaml"/> renders), so plans compare by value.
/// </summary>
/// <remarks>
/// Cost: a planner hands its freshly built object over (<see cref="Own"/>), and the JSON is made only when something
/// compares, hashes or thaws; the guardrail checks and the renderer read the held object (<see cref="Value"/>,
/// internal, read only). Serialising every object on every <c>plan</c> run would add the serialiser's cold start
/// (about 0.1 s, docs/plan-command.md "Startup time") to a report that renders nothing.
/// </remarks>
public sealed record FrozenManifest
{
    private object? _value;
    private string? _json;

    private FrozenManifest(Type type, object? value, string? json)
    {
        Type = type;
        _value = value;
        _json = json;
    }

    /// <summary>The type the object was planned as, and what <see cref="Thaw"/> returns.</summary>
    public Type Type { get; }

    /// <summary>The object's canonical JSON, serialised with <see cref="ManifestJsonContext"/> (camelCase, nulls left out).</summary>
    public string Json => _json ??= JsonSerializer.Serialize(_value, TypeInfo(Type));

    /// <summary>
    /// The held object, for reading only (the renderer, the guardrail checks): never changed, never handed out of the
    /// library. Made from <see cref="Json"/> on first use when the manifest was frozen from a caller's object.
    /// </summary>
    internal object Value => _value ??= Deserialize(_json!, Type);

    /// <summary>
    /// Freezes a copy of <paramref name="manifest"/> (through its JSON): later changes to the caller's object do not
    /// reach the frozen one.
    /// </summary>
    public static FrozenManifest Freeze(object manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest is FrozenManifest frozen)
        {
            return frozen;
        }

        var type = manifest.GetType();
        return new FrozenManifest(type, null, JsonSerializer.Serialize(manifest, TypeInfo(type)));
    }

    /// <summary>Freezes a copy of every object, in order.</summary>
    public static IReadOnlyList<FrozenManifest> FreezeAll(IEnumerable<object> manifests) =>
        ValueList.From(manifests.Select(Freeze).ToList());

    /// <summary>
    /// Takes over an object a planner has just built and keeps no reference to: frozen without a copy. Only the
    /// planners call this; anything else freezes a copy (<see cref="Freeze"/>).
    /// </summary>
    internal static FrozenManifest Own(object manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new FrozenManifest(manifest.GetType(), manifest, null);
    }

    /// <summary>Takes over every object a planner has just built, in order (<see cref="Own"/>).</summary>
    internal static IReadOnlyList<FrozenManifest> OwnAll(IEnumerable<object> manifests) =>
        ValueList.From(manifests.Select(Own).ToList());

    /// <summary>Fresh typed copies of every frozen object, in order.</summary>
    public static IReadOnlyList<object> ThawAll(IEnumerable<FrozenManifest> manifests) => [.. manifests.Select(m => m.Thaw())];

    /// <summary>A fresh typed copy of the object, deserialised from <see cref="Json"/>: the caller may change it freely.</summary>
    public object Thaw() => Deserialize(Json, Type);

    /// <summary>A fresh typed copy of the object as <typeparamref name="T"/>.</summary>
    public T Thaw<T>() => (T)Thaw();

    /// <summary>Equal when the type and the canonical JSON are.</summary>
    public bool Equals(FrozenManifest? other) =>
        other is not null && (ReferenceEquals(this, other) || (Type == other.Type && string.Equals(Json, other.Json, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, StringComparer.Ordinal.GetHashCode(Json));

    /// <summary>The type and JSON, for messages and debugging.</summary>
    public override string ToString() => $"{Type.Name} {Json}";

    private static object Deserialize(string json, Type type) => JsonSerializer.Deserialize(json, TypeInfo(type))
        ?? throw new InvalidOperationException($"{type} froze as null");

    private static JsonTypeInfo TypeInfo(Type type) => ManifestJsonContext.Default.GetTypeInfo(type)
        ?? throw new NotSupportedException($"{type} is not in {nameof(ManifestJsonContext)}; add it there to freeze it");
}
