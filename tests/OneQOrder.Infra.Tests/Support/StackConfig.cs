using System.Text.Json;
using System.Text.Json.Nodes;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Infra.Tests.Support;

/// <summary>
/// A stack's configuration for a mock deployment: read from a committed <c>Pulumi.&lt;stack&gt;.yaml</c> with the
/// library's <see cref="StackFile"/> (the same parser the <c>plan</c> command uses), optionally changed, then handed to
/// Pulumi exactly as the language host does it: the <c>PULUMI_CONFIG</c> environment variable, a JSON object of
/// full key → string, objects and lists as JSON text.
/// </summary>
internal sealed record StackConfig(string Stack, IReadOnlyDictionary<string, JsonNode?> Values)
{
    /// <summary>The committed stack file of <paramref name="stack"/>.</summary>
    public static StackConfig Committed(string stack)
    {
        var file = StackFile.Load(Repository.Root, stack);
        Assert.Empty(file.Errors);
        var source = file.Source!;
        return new StackConfig(stack, source.Keys!.ToDictionary(k => k, source.Get, StringComparer.Ordinal));
    }

    /// <summary>The committed <c>dev</c> stack moved to AWS: the migration the README describes (cloud + aws:region).</summary>
    public static StackConfig DevOnAws() => Committed("dev")
        .With("oneq-order-infra:cloud", "aws")
        .With("aws:region", "ap-northeast-2");

    /// <summary>A copy with <paramref name="key"/> set (a string scalar, or any JSON tree).</summary>
    public StackConfig With(string key, JsonNode? value) =>
        this with { Values = new Dictionary<string, JsonNode?>(Values, StringComparer.Ordinal) { [key] = value } };

    /// <summary>A copy with <paramref name="key"/> set to a string scalar.</summary>
    public StackConfig With(string key, string value) => With(key, JsonValue.Create(value));

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public StackConfig Without(string key)
    {
        var values = new Dictionary<string, JsonNode?>(Values, StringComparer.Ordinal);
        values.Remove(key);
        return this with { Values = values };
    }

    /// <summary>The <c>PULUMI_CONFIG</c> JSON: every value as the string Pulumi would pass.</summary>
    public string ToPulumiConfigJson()
    {
        var config = new JsonObject();
        foreach (var (key, value) in Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (value is not null)
            {
                config[key] = ToPulumiString(value);
            }
        }

        return config.ToJsonString();
    }

    /// <summary>Pulumi keeps scalars as their text and structured values as compact JSON.</summary>
    internal static string ToPulumiString(JsonNode value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
