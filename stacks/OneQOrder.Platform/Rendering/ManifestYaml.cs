using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// Renders typed objects (KubernetesClient models, the CRD records of this library, Helm values maps) as
/// deterministic YAML: every object is first turned into a JSON tree (System.Text.Json with the source-generated
/// <see cref="ManifestJsonContext"/>), then emitted with mapping keys in ordinal order, so the same plan always gives
/// the same bytes (golden files, reviewable diffs). Nothing here formats YAML by string interpolation (STYLE.md rule 9).
/// </summary>
public static partial class ManifestYaml
{
    /// <summary>Renders one or more objects as a multi-document YAML stream (<c>---</c> between documents).</summary>
    public static string Render(IEnumerable<object> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2).WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, ToNode(document));
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>Renders a single object as one YAML document without a leading <c>---</c> (Helm values files).</summary>
    public static string RenderSingle(object document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings().WithBestIndent(2).WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, ToNode(document));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>
    /// The JSON tree of an object, serialised straight to a tree with the source-generated
    /// <see cref="ManifestJsonContext"/> (no intermediate string, no reflection).
    /// </summary>
    internal static JsonNode? ToNode(object value)
    {
        // A frozen manifest renders its held object: the same tree its JSON is made from.
        var typed = value is FrozenManifest frozen ? frozen.Value : value;
        return typed as JsonNode
            ?? JsonSerializer.SerializeToNode(typed, ManifestJsonContext.Default.GetTypeInfo(typed.GetType())
                ?? throw new NotSupportedException($"{typed.GetType()} is not in {nameof(ManifestJsonContext)}; add it there to render it"));
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    EmitString(emitter, key);
                    Emit(emitter, child);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case JsonValue value:
                // Numbers and booleans: their JSON text is also their YAML plain scalar.
                emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
        }
    }

    /// <summary>
    /// Strings that a YAML 1.1 or 1.2 reader would take for a number, boolean or null are double-quoted
    /// (<c>"8080"</c>, <c>"true"</c>, <c>"1"</c>), multi-line strings become literal blocks, and the emitter
    /// chooses for the rest (it quotes what plain style cannot carry).
    /// </summary>
    private static void EmitString(IEmitter emitter, string text)
    {
        var style = text.Length == 0 || AmbiguousPlainScalar().IsMatch(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9][0-9_]*)(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o?[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[0-9][0-9_]*(:[0-5]?[0-9])+)$")]
    private static partial Regex AmbiguousPlainScalar();
}
