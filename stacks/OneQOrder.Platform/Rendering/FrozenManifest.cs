using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// One Kubernetes object of the plan, frozen: its CLR type and its canonical JSON (System.Text.Json with the
/// source-generated <see cref="ManifestJsonContext"/>, the tree <see cref="ManifestYaml"/> renders). The plan keeps
/// only these, so its objects cannot change after planning, and two frozen manifests are equal when their type and
/// JSON are (record equality), so plans compare by value. The typed object (a KubernetesClient model or a CRD record
/// of this library, both mutable or holding mutable metadata) is handed out only as a fresh copy (<see cref="Thaw"/>):
/// changing it changes nothing planned; freeze the changed copy into a new plan or evidence instead.
/// </summary>
public sealed record FrozenManifest
{
    private FrozenManifest(Type type, string json)
    {
        Type = type;
        Json = json;
    }

    /// <summary>The type the object was planned as, and what <see cref="Thaw"/> returns.</summary>
    public Type Type { get; }

    /// <summary>The object's JSON, serialised with <see cref="ManifestJsonContext"/> (camelCase, nulls left out).</summary>
    public string Json { get; }

    /// <summary>Freezes <paramref name="manifest"/>: later changes to it do not reach the frozen copy.</summary>
    public static FrozenManifest Freeze(object manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest is FrozenManifest frozen)
        {
            return frozen;
        }

        var type = manifest.GetType();
        return new FrozenManifest(type, JsonSerializer.Serialize(manifest, TypeInfo(type)));
    }

    /// <summary>Freezes every object, in order.</summary>
    public static IReadOnlyList<FrozenManifest> FreezeAll(IEnumerable<object> manifests) =>
        ValueList.From(manifests.Select(Freeze).ToList());

    /// <summary>Fresh typed copies of every frozen object, in order.</summary>
    public static IReadOnlyList<object> ThawAll(IEnumerable<FrozenManifest> manifests) => [.. manifests.Select(m => m.Thaw())];

    /// <summary>A fresh typed copy of the object, deserialised from <see cref="Json"/>: the caller may change it freely.</summary>
    public object Thaw() => JsonSerializer.Deserialize(Json, TypeInfo(Type))
        ?? throw new InvalidOperationException($"{Type} froze as null");

    /// <summary>A fresh typed copy of the object as <typeparamref name="T"/>.</summary>
    public T Thaw<T>() => (T)Thaw();

    /// <summary>The JSON tree <see cref="ManifestYaml"/> renders.</summary>
    internal JsonNode? ToNode() => JsonNode.Parse(Json);

    /// <summary>The kind and name, for messages and debugging.</summary>
    public override string ToString() => $"{Type.Name} {Json}";

    private static JsonTypeInfo TypeInfo(Type type) => ManifestJsonContext.Default.GetTypeInfo(type)
        ?? throw new NotSupportedException($"{type} is not in {nameof(ManifestJsonContext)}; add it there to freeze it");
}
