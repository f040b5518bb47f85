using System.Globalization;
using System.Text.Json.Nodes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using k8s;
using k8s.Models;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Reads rendered YAML back the way a cluster would: each document to a JSON tree (plain scalars typed as YAML 1.2
/// core schema does, quoted ones kept as strings), and NetworkPolicies into KubernetesClient models.
/// </summary>
internal static class RenderedDocuments
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (JsonObject)ToJson(d.RootNode)!).ToList();
    }

    public static IEnumerable<JsonObject> Parse(IEnumerable<RenderedManifest> files) => files.SelectMany(f => Parse(f.Yaml));

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> documents, string kind) =>
        documents.Where(d => (string?)d["kind"] == kind);

    public static IReadOnlyList<V1NetworkPolicy> NetworkPolicies(IEnumerable<RenderedManifest> files) =>
        Parse(files).OfKind("NetworkPolicy").Select(d => KubernetesJson.Deserialize<V1NetworkPolicy>(d.ToJsonString())).ToList();

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "null" or "~")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit) && !text.Contains('/', StringComparison.Ordinal)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
