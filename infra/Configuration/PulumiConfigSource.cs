using System.Text.Json;
using System.Text.Json.Nodes;
using OneQOrder.Platform.Configuration;
using Pulumi;

namespace OneQOrder.Infra.Configuration;

/// <summary>
/// The stack's configuration as Pulumi hands it to the program, seen through the library's <see cref="IConfigSource"/>
/// so the program and the offline <c>plan</c> command share one key mapping (<see cref="SettingsReader"/>).
/// </summary>
/// <remarks>
/// Pulumi passes every value as a string: scalars as written, objects and lists as JSON text (the language host puts
/// them in <c>PULUMI_CONFIG</c> that way). <see cref="Config"/> offers no way to list keys, so <see cref="Keys"/> reads
/// the same <c>PULUMI_CONFIG</c> object the SDK parses (pulumi-dotnet <c>Deployment.Config.cs</c>, <c>ParseConfig</c>):
/// with the keys listed, <see cref="SettingsReader"/> refuses an unknown <c>oneq-order-infra:</c> key (a typo) exactly
/// as the offline <c>plan</c> does, before any resource is registered.
/// </remarks>
public sealed class PulumiConfigSource(string stack, IReadOnlyCollection<string>? keys, IReadOnlyCollection<string>? secretKeys = null) : IConfigSource
{
    /// <summary>The environment variable the language host passes the stack's configuration in.</summary>
    public const string ConfigVariable = "PULUMI_CONFIG";

    /// <summary>
    /// The environment variable listing the keys whose values the CLI decrypted (pulumi-dotnet <c>Deployment.Config.cs</c>,
    /// <c>PULUMI_CONFIG_SECRET_KEYS</c>, a JSON array of full keys).
    /// </summary>
    public const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    private readonly Dictionary<string, Config> _namespaces = new(StringComparer.Ordinal);

    /// <summary>A source for the running deployment's stack.</summary>
    public static PulumiConfigSource ForCurrentStack() =>
        new(Deployment.Instance.StackName, KeysOf(Environment.GetEnvironmentVariable(ConfigVariable)),
            SecretKeysOf(Environment.GetEnvironmentVariable(SecretKeysVariable)));

    /// <inheritdoc />
    public string Stack { get; } = stack;

    /// <inheritdoc />
    public IReadOnlyCollection<string>? Keys { get; } = keys;

    /// <inheritdoc />
    /// <remarks>Never null here: the program always receives secrets decrypted, so an absent list means none.</remarks>
    public IReadOnlyCollection<string>? DecryptedSecretKeys { get; } = secretKeys ?? [];

    /// <summary>The full keys in a <c>PULUMI_CONFIG_SECRET_KEYS</c> document; empty when absent or not a JSON array.</summary>
    internal static IReadOnlyCollection<string> SecretKeysOf(string? secretKeys)
    {
        if (string.IsNullOrWhiteSpace(secretKeys))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(secretKeys) is JsonArray keys
                ? [.. keys.Select(k => k?.GetValueKind() == JsonValueKind.String ? CleanKey(k.GetValue<string>()) : string.Empty).Where(k => k.Length > 0)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The full keys of a <c>PULUMI_CONFIG</c> document. The SDK accepts the legacy <c>namespace:config:key</c> form
    /// too and reads it as <c>namespace:key</c>; so does this. Null when the variable is absent or not a JSON object,
    /// which the SDK would have refused already: the reader then cannot list keys and skips only that one check.
    /// </summary>
    internal static IReadOnlyCollection<string>? KeysOf(string? pulumiConfig)
    {
        if (string.IsNullOrWhiteSpace(pulumiConfig))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(pulumiConfig) is JsonObject values
                ? values.Select(kv => CleanKey(kv.Key)).ToList()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string CleanKey(string key)
    {
        var parts = key.Split(':');
        return parts is [var ns, "config", var name] ? $"{ns}:{name}" : key;
    }

    /// <inheritdoc />
    public JsonNode? Get(string fullKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullKey);
        var colon = fullKey.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"'{fullKey}' is not a full key of the form namespace:key", nameof(fullKey));
        }

        var ns = fullKey[..colon];
        if (!_namespaces.TryGetValue(ns, out var config))
        {
            config = new Config(ns);
            _namespaces[ns] = config;
        }

        return ToNode(config.Get(fullKey[(colon + 1)..]));
    }

    /// <summary>
    /// Pulumi's string form back to the shape <see cref="StackFile"/> produces: JSON objects and arrays parsed, every
    /// other value a string (a scalar that merely starts with a bracket and is not JSON stays a string).
    /// </summary>
    internal static JsonNode? ToNode(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var trimmed = raw.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
                return JsonValue.Create(raw);
            }
        }

        return JsonValue.Create(raw);
    }
}
