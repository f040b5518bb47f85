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
    /// <summary>
    /// The committed stack file of <paramref name="stack"/>, with Pulumi.yaml's declared defaults merged in for the keys
    /// it leaves out, as the Pulumi CLI does before it starts the program.
    /// </summary>
    public static StackConfig Committed(string stack)
    {
        var values = StackFileOnly(stack);
        foreach (var (key, value) in ProjectFile.Defaults)
        {
            values.TryAdd(key, value.DeepClone());
        }

        return new StackConfig(stack, values);
    }

    /// <summary>Exactly what <c>Pulumi.&lt;stack&gt;.yaml</c> holds, read with the library's <see cref="StackFile"/>.</summary>
    public static Dictionary<string, JsonNode?> StackFileOnly(string stack)
    {
        var file = StackFile.Load(Repository.Root, stack);
        Assert.Empty(file.Errors);
        var source = file.Source!;
        return source.Keys!.ToDictionary(k => k, source.Get, StringComparer.Ordinal);
    }

    /// <summary>
    /// The committed <c>dev</c> stack moved to AWS, as the migration runbook (docs/operations.md) does it: cloud and
    /// aws:region, two zones (EKS needs subnets in two availability zones; validation says so), an EC2 instance
    /// type for the node pool, a Route 53 hosted zone for the ingress, and the GKE-only keys removed (validation refuses
    /// them on AWS). Everything else is kept.
    /// </summary>
    public static StackConfig DevOnAws()
    {
        var dev = Committed("dev");
        var network = dev.Values["oneq-order-infra:network"]!.DeepClone().AsObject();
        network["zones"] = "2";
        network.Remove("podPrefixLength");
        network.Remove("servicePrefixLength");
        network.Remove("controlPlaneCidr");
        var cluster = dev.Values["oneq-order-infra:cluster"]!.DeepClone().AsObject();
        cluster.Remove("releaseChannel");
        // The runbook's principals: GCP IAM members are no EKS access entry principals.
        cluster["admins"] = new JsonArray("arn:aws:iam::111122223333:role/oneq-deploy-dev");
        cluster["previewers"] = new JsonArray("arn:aws:iam::111122223333:role/oneq-preview-dev");
        foreach (var pool in cluster["nodePools"]!.AsArray())
        {
            pool!["machineType"] = "m6i.xlarge";
        }

        // A Cloud DNS managed zone name is no Route 53 hosted zone id (the runbook sets the hosted zone's id).
        var ingress = dev.Values["oneq-order-infra:ingress"]!.DeepClone().AsObject();
        ingress["dnsZone"] = "Z0123456789ABCDEFGHIJ";

        return dev
            .With("oneq-order-infra:ingress", ingress)
            .With("oneq-order-infra:cloud", "aws")
            .With("aws:region", "ap-northeast-2")
            .With("oneq-order-infra:network", network)
            .With("oneq-order-infra:cluster", cluster);
    }

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

    /// <summary>The keys holding a <c>{ secure: … }</c> value anywhere, as the CLI lists them in PULUMI_CONFIG_SECRET_KEYS.</summary>
    public string SecretKeysJson() => new JsonArray([.. Values.Where(kv => HasSecret(kv.Value)).Select(kv => (JsonNode?)JsonValue.Create(kv.Key)).OrderBy(k => (string)k!, StringComparer.Ordinal)]).ToJsonString();

    /// <summary>
    /// Pulumi keeps scalars as their text and structured values as compact JSON. The CLI decrypts secure values before
    /// the program starts; here a ciphertext stands for its own plaintext, prefixed <see cref="DecryptedPrefix"/>.
    /// </summary>
    internal static string ToPulumiString(JsonNode value) => Decrypted(value) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => other!.ToJsonString(),
    };

    /// <summary>What a decrypted mock secret starts with.</summary>
    public const string DecryptedPrefix = "decrypted:";

    private static bool HasSecret(JsonNode? node) => node switch
    {
        JsonObject { Count: 1 } o when o.ContainsKey("secure") => true,
        JsonObject o => o.Any(kv => HasSecret(kv.Value)),
        JsonArray a => a.Any(HasSecret),
        _ => false,
    };

    private static JsonNode? Decrypted(JsonNode? node) => node switch
    {
        JsonObject { Count: 1 } o when o.ContainsKey("secure") => JsonValue.Create(DecryptedPrefix + (string)o["secure"]!),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Decrypted(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Decrypted)]),
        _ => node?.DeepClone(),
    };
}
