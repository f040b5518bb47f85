using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneQOrder.Platform.Configuration;

/// <summary>
/// A typed view of one config object (or the top level) that records a <see cref="ConfigError"/> for every value of
/// the wrong type and falls back to the default, so reading goes on and every problem is reported in one run.
/// </summary>
internal sealed class ConfigObject
{
    private readonly Func<string, JsonNode?> lookup;
    private readonly List<ConfigError> errors;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);
    private readonly IEnumerable<string>? members;

    private ConfigObject(string keyPrefix, Func<string, JsonNode?> lookup, IEnumerable<string>? members, List<ConfigError> errors)
    {
        KeyPrefix = keyPrefix;
        this.lookup = lookup;
        this.members = members;
        this.errors = errors;
    }

    /// <summary>The prefix that makes a member name a full key, e.g. <c>oneq-order-infra:network.</c>.</summary>
    public string KeyPrefix { get; }

    public static ConfigObject Root(IConfigSource source, string project, List<ConfigError> errors) =>
        new($"{project}:", key => source.Get($"{project}:{key}"),
            source.Keys?.Where(k => k.StartsWith(project + ":", StringComparison.Ordinal)).Select(k => k[(project.Length + 1)..]),
            errors);

    /// <summary>The keys of this object that were read, for reporting unknown ones.</summary>
    public IReadOnlySet<string> Read => read;

    public string Key(string name) => KeyPrefix + name;

    /// <summary>
    /// The members as written, in file order, for an object whose members are names of the stack's choosing (a map
    /// such as <c>ingress.hostnames</c>) rather than known keys; null when the source cannot list them.
    /// </summary>
    public IReadOnlyList<string>? Members => members?.ToList();

    public JsonNode? Raw(string name)
    {
        read.Add(name);
        return lookup(name);
    }

    public string String(string name, string fallback, string expected)
    {
        var node = Raw(name);
        if (node is null)
        {
            return fallback;
        }

        if (AsScalar(node) is { } text)
        {
            return text;
        }

        return Fail(name, node, expected, fallback);
    }

    /// <summary>An optional string without a default: null when the key is absent.</summary>
    public string? OptionalString(string name, string expected)
    {
        var node = Raw(name);
        if (node is null)
        {
            return null;
        }

        return AsScalar(node) is { Length: > 0 } text ? text : Fail<string?>(name, node, expected, null);
    }

    /// <summary>A required string: missing is an error too.</summary>
    public string? RequiredString(string name, string expected)
    {
        if (Raw(name) is null)
        {
            errors.Add(new ConfigError(Key(name), null, expected));
            return null;
        }

        return OptionalString(name, expected);
    }

    public int Int(string name, int fallback, int min, int max, string? why = null)
    {
        var node = Raw(name);
        if (node is null)
        {
            return fallback;
        }

        var expected = $"a whole number from {min} to {max}" + (why is null ? string.Empty : $" ({why})");
        if (AsScalar(node) is { } text
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value >= min && value <= max ? value : Fail(name, node, expected, fallback);
        }

        return Fail(name, node, expected, fallback);
    }

    /// <summary>A decimal number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Double(string name, double fallback, double min, double max, string expected)
    {
        var node = Raw(name);
        if (node is null)
        {
            return fallback;
        }

        if (AsScalar(node) is { } text
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        return Fail(name, node, expected, fallback);
    }

    public bool Bool(string name, bool fallback)
    {
        var node = Raw(name);
        if (node is null)
        {
            return fallback;
        }

        return AsScalar(node) switch
        {
            "true" or "True" => true,
            "false" or "False" => false,
            _ => Fail(name, node, "true or false", fallback),
        };
    }

    /// <summary>A nested object; a missing one reads as empty (all defaults), a non-object is an error.</summary>
    public ConfigObject Object(string name)
    {
        var node = Raw(name);
        if (node is not null && (node is not JsonObject || IsSecret(node)))
        {
            Fail(name, node, "a mapping (an object of keys)", 0);
            node = null;
        }

        var obj = node as JsonObject;
        return new ConfigObject(Key(name) + ".", member => obj?[member], obj?.Select(kv => kv.Key), errors);
    }

    /// <summary>A list; missing reads as null (use the default), a non-list is an error.</summary>
    public JsonArray? List(string name, string expected)
    {
        var node = Raw(name);
        return node switch
        {
            null => null,
            JsonArray array => array,
            _ => Fail<JsonArray?>(name, node, expected, null),
        };
    }

    /// <summary>
    /// An element of a list as an object, keyed <c>prefix[i].</c>; null (with the error recorded) when it is not a
    /// mapping, so the caller skips its members instead of also reporting each of them missing.
    /// </summary>
    public ConfigObject? Element(string listName, int index, JsonNode? node, string expected)
    {
        var key = $"{Key(listName)}[{index}]";
        if (node is not JsonObject obj || IsSecret(obj))
        {
            errors.Add(new ConfigError(key, Describe(node), Expect(node, expected)));
            return null;
        }

        return new ConfigObject(key + ".", member => obj[member], obj.Select(kv => kv.Key), errors);
    }

    /// <summary>A scalar list element as a string, or an error naming <c>list[i]</c>.</summary>
    public string? ElementString(string listName, int index, JsonNode? node, string expected)
    {
        if (node is not null && AsScalar(node) is { } text)
        {
            return text;
        }

        errors.Add(new ConfigError($"{Key(listName)}[{index}]", Describe(node), Expect(node, expected)));
        return null;
    }

    /// <summary>
    /// Reports every member that no reader asked for: a typo must not pass silently. Call it after all reads.
    /// (A source that cannot list its keys, such as Pulumi's Config at the top level, skips this check.)
    /// </summary>
    public void RejectUnknown()
    {
        if (members is null)
        {
            return;
        }

        var known = string.Join(", ", read.Order(StringComparer.Ordinal));
        foreach (var name in members.Where(n => !read.Contains(n)).Order(StringComparer.Ordinal))
        {
            errors.Add(new ConfigError(Key(name), "(unknown key)", $"one of the known keys: {known}"));
        }
    }

    internal static string? AsScalar(JsonNode node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    /// <summary>
    /// A Pulumi secret as the stack file holds it: <c>key: { secure: v1:… }</c>. No key of this project is secret, and a
    /// secret mapping must not be read as an object with a member called <c>secure</c>.
    /// </summary>
    internal static bool IsSecret(JsonNode? node) => node is JsonObject { Count: 1 } obj && obj.ContainsKey("secure");

    /// <summary>What was expected, plus how to fix a value that was set as a secret.</summary>
    internal static string Expect(JsonNode? node, string expected) => IsSecret(node)
        ? expected + ", as plain text (this key is not secret: set it without --secret)"
        : expected;

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        _ when IsSecret(node) => "(secret)",
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ => AsScalar(node) ?? node.ToJsonString(),
    };

    private T Fail<T>(string name, JsonNode node, string expected, T fallback)
    {
        errors.Add(new ConfigError(Key(name), Describe(node), Expect(node, expected)));
        return fallback;
    }
}
