using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Platform.Configuration;

/// <summary>
/// Reads <c>Pulumi.&lt;stack&gt;.yaml</c>, the same file the <c>pulumi</c> CLI uses, into an <see cref="IConfigSource"/>.
/// Only the <c>config:</c> mapping is read; other top-level keys (<c>secretsprovider</c>, <c>encryptedkey</c>,
/// <c>environment</c>) belong to the CLI.
/// </summary>
public static class StackFile
{
    /// <summary>The file name of a stack's settings.</summary>
    public static string FileName(string stack) => $"Pulumi.{stack}.yaml";

    /// <summary>Parses the text of a stack file. Malformed YAML, an empty file or a missing <c>config:</c> mapping are errors.</summary>
    public static StackFileResult Parse(string stack, string text)
    {
        var file = FileName(stack);
        YamlStream yaml = new();
        try
        {
            using var reader = new StringReader(text);
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            // The parser's own words are the value found (e.g. "duplicate key cidr"), so the message reads
            // `Pulumi.x.yaml (line 6, column 5): got "duplicate key cidr"; expected well-formed YAML`.
            return StackFileResult.Failed(new ConfigError(
                $"{file} (line {ex.Start.Line}, column {ex.Start.Column})", FirstLine(ex.Message),
                "well-formed YAML with each key once per mapping"));
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return StackFileResult.Failed(new ConfigError(file, null,
                "a YAML mapping with a `config:` section; the file is empty"));
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            return StackFileResult.Failed(new ConfigError(file, Describe(yaml.Documents[0].RootNode),
                "a YAML mapping with a `config:` section"));
        }

        var configNode = root.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "config" }).Value;
        if (configNode is null || configNode is YamlScalarNode { Value: null or "" })
        {
            return StackFileResult.Failed(new ConfigError($"{file}: config", null,
                "a `config:` mapping of keys such as oneq-order-infra:cloud"));
        }

        if (configNode is not YamlMappingNode config)
        {
            return StackFileResult.Failed(new ConfigError($"{file}: config", Describe(configNode),
                "a mapping of keys such as oneq-order-infra:cloud"));
        }

        Dictionary<string, JsonNode?> values = new(StringComparer.Ordinal);
        List<ConfigError> problems = [];
        foreach (var (key, value) in config.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                // `? [a, b] : x` is valid YAML but not a config key; report it instead of failing a cast.
                problems.Add(new ConfigError($"{file}: config (line {key.Start.Line})", Describe(key), "a config key such as oneq-order-infra:cloud"));
                continue;
            }

            if (!values.TryAdd(name, ToJson(value)))
            {
                problems.Add(new ConfigError(name, null, "each key once in the config mapping"));
            }
        }

        return problems.Count > 0
            ? new StackFileResult(null, problems)
            : new StackFileResult(new DictionaryConfigSource(stack, values), []);
    }

    /// <summary>Reads <c>Pulumi.&lt;stack&gt;.yaml</c> from <paramref name="root"/>; a missing file is an error naming the path looked for.</summary>
    public static StackFileResult Load(string root, string stack)
    {
        var path = Path.Combine(root, FileName(stack));
        if (!File.Exists(path))
        {
            return StackFileResult.Failed(new ConfigError(FileName(stack), null,
                $"a stack file at {Path.GetFullPath(path)}; no such file"));
        }

        return Parse(stack, File.ReadAllText(path));
    }

    /// <summary>
    /// YAML to the shape Pulumi hands a program: mappings to objects, sequences to arrays, every scalar as a string
    /// (typed parsing happens in <see cref="SettingsReader"/>, which accepts JSON numbers and booleans too).
    /// </summary>
    internal static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(kv.Key is YamlScalarNode { Value: { } name } ? name : Describe(kv.Key), ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: null } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"unsupported YAML node {node.NodeType}"),
    };

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? string.Empty,
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim().TrimEnd('.').ToLower(CultureInfo.InvariantCulture);
}

/// <summary>The outcome of reading a stack file: a source, or the errors that stopped it.</summary>
public sealed record StackFileResult(IConfigSource? Source, IReadOnlyList<ConfigError> Errors)
{
    internal static StackFileResult Failed(ConfigError error) => new(null, [error]);
}
