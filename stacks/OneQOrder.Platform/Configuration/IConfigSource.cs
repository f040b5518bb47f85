using System.Text.Json.Nodes;

namespace OneQOrder.Platform.Configuration;

/// <summary>
/// Raw stack configuration, keyed by full Pulumi key (<c>oneq-order-infra:cloud</c>, <c>gcp:region</c>).
/// Scalars arrive as strings (Pulumi keeps every top-level value as a string), objects and lists as JSON trees.
/// Two implementations: the stack file (<see cref="StackFile"/>) and, in the Pulumi program, <c>Pulumi.Config</c>.
/// Both feed the same <see cref="SettingsReader"/>: one mapping from keys to settings.
/// </summary>
public interface IConfigSource
{
    /// <summary>The stack's name.</summary>
    string Stack { get; }

    /// <summary>The raw value of a full key, or null when it is not set.</summary>
    JsonNode? Get(string fullKey);

    /// <summary>Every key that is set, or null when the source cannot enumerate them (Pulumi's Config cannot).</summary>
    IReadOnlyCollection<string>? Keys { get; }

    /// <summary>
    /// Null when the source holds secure values as written (the stack file: <c>{ secure: … }</c>, which
    /// <see cref="ConfigObject.IsSecret"/> recognises). Otherwise the source hands out secure values decrypted, as the
    /// Pulumi CLI gives them to the program, and this lists the full keys that hold a secret (the CLI's
    /// <c>PULUMI_CONFIG_SECRET_KEYS</c>): a key missing from it was set in plain text.
    /// </summary>
    IReadOnlyCollection<string>? DecryptedSecretKeys => null;
}

/// <summary>A config source over an in-memory dictionary: tests, and sources that parse their own text.</summary>
public sealed class DictionaryConfigSource(string stack, IReadOnlyDictionary<string, JsonNode?> values) : IConfigSource
{
    public string Stack { get; } = stack;

    public IReadOnlyCollection<string>? Keys => values.Keys.ToList();

    public JsonNode? Get(string fullKey) => values.TryGetValue(fullKey, out var node) ? node : null;
}
