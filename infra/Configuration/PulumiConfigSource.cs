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
/// them in <c>PULUMI_CONFIG</c> that way). <see cref="Config"/> offers no way to list keys, so <see cref="Keys"/> is null
/// and unknown top-level keys are caught by the offline <c>plan</c> over the stack file, which the workflows run before
/// every preview and update (nested unknown keys are caught here as everywhere).
/// </remarks>
public sealed class PulumiConfigSource(string stack) : IConfigSource
{
    private readonly Dictionary<string, Config> _namespaces = new(StringComparer.Ordinal);

    /// <summary>A source for the running deployment's stack.</summary>
    public static PulumiConfigSource ForCurrentStack() => new(Deployment.Instance.StackName);

    /// <inheritdoc />
    public string Stack { get; } = stack;

    /// <inheritdoc />
    public IReadOnlyCollection<string>? Keys => null;

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
