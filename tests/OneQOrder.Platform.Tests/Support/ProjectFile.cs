using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Platform.Tests.Support;

/// <summary>
/// The repository's <c>Pulumi.yaml</c>: its top-level attributes and the project config declarations, with defaults in
/// the form the Pulumi CLI hands them to the program (it merges a declared default into the stack's config when the
/// stack does not set the key; objects become JSON objects, scalars strings). The Pulumi mock suite links this file
/// too, for the same merge.
/// </summary>
internal static class ProjectFile
{
    private static readonly Lazy<YamlMappingNode> Root = new(() =>
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "Pulumi.yaml")));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    });

    /// <summary>A top-level scalar attribute (<c>name</c>, <c>runtime</c>, <c>main</c>).</summary>
    public static string? Attribute(string name) =>
        Root.Value.Children.TryGetValue(new YamlScalarNode(name), out var node) ? ((YamlScalarNode)node).Value : null;

    /// <summary>The raw text, for what lives only in comments.</summary>
    public static string Text => File.ReadAllText(Path.Combine(Repository.Root, "Pulumi.yaml"));

    /// <summary>Every declared project key (full form, <c>oneq-order-infra:cloud</c>) and its declaration.</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> Declarations
    {
        get
        {
            var project = Attribute("name");
            var config = (YamlMappingNode)Root.Value.Children[new YamlScalarNode("config")];
            return config.Children.ToDictionary(
                kv => $"{project}:{((YamlScalarNode)kv.Key).Value}",
                kv => (YamlMappingNode)kv.Value,
                StringComparer.Ordinal);
        }
    }

    /// <summary>The declared defaults, as the values Pulumi passes the program for a stack that leaves the key out.</summary>
    public static IReadOnlyDictionary<string, JsonNode> Defaults => Declarations
        .Where(d => d.Value.Children.ContainsKey(new YamlScalarNode("default")))
        .ToDictionary(
            d => d.Key,
            d => ToJson(d.Value.Children[new YamlScalarNode("default")]),
            StringComparer.Ordinal);

    private static JsonNode ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, (JsonNode?)ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(c => (JsonNode?)ToJson(c)).ToArray()),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        _ => throw new InvalidOperationException($"unsupported YAML node {node.NodeType}"),
    };
}
