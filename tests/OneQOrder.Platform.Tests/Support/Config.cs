using System.Text.Json.Nodes;
using OneQOrder.Platform.Configuration;

namespace OneQOrder.Platform.Tests.Support;

/// <summary>Builds stack configurations in tests from YAML, exactly as a stack file would hold them.</summary>
internal static class Config
{
    /// <summary>A stack file's text with the <c>config:</c> body given (indented by the caller or not).</summary>
    /// <remarks>
    /// A top-level key written twice with an indented body (the minimal stack's <c>oneq-order-infra:cluster:</c> and a
    /// test's own) is one object: the later block's lines join the first, so a test adds keys to the minimal stack's
    /// objects without repeating them. A stack file could not hold the key twice.
    /// <c>cluster.admins</c> is required on both clouds; a body that names a cloud and no <c>admins</c> gets one admin of
    /// that cloud's form (<see cref="AwsAdmin"/>, <see cref="GcpAdmin"/>), so a test of another rule sees only its own
    /// errors. <paramref name="withAdmin"/> false leaves the admins as written (the tests of the admins rule). Likewise a
    /// body without receivers gets <see cref="CriticalReceiver"/>; the tests of that rule use <see cref="AsWritten"/>.
    /// </remarks>
    public static IConfigSource FromYaml(string stack, string configBody, bool withAdmin = true) =>
        WithIngress(AsWritten(stack, WithReceiver(withAdmin ? WithAdmin(configBody) : configBody)));

    /// <summary>
    /// The source with <see cref="Ingress"/> for its public services added, unless it sets <c>ingress</c> itself or no
    /// service is public: a stack with a public service needs an ingress (issue 12), and the tests of other rules
    /// should not each repeat one. The services are those the stack declares (<c>services[].public: true</c>), or the
    /// default catalogue's public ones when it declares none. The tests of the ingress rules use <see cref="AsWritten"/>.
    /// </summary>
    public static IConfigSource WithIngress(IConfigSource source)
    {
        const string key = "oneq-order-infra:ingress";
        if (source.Get(key) is not null || PublicServices(source) is not { Count: > 0 } names)
        {
            return source;
        }

        var values = source.Keys!.ToDictionary(k => k, source.Get, StringComparer.Ordinal);
        var aws = source.Get("oneq-order-infra:cloud") is JsonValue cloud && cloud.ToString() == "aws";
        values[key] = Ingress(aws, names);
        return new DictionaryConfigSource(source.Stack, values);
    }

    /// <summary>The domain of <see cref="Ingress"/>: each public service gets <c>&lt;service&gt;.oneq.example</c>.</summary>
    public const string IngressDomain = "oneq.example";

    /// <summary>A placeholder Route 53 hosted zone id of the form Route 53 assigns.</summary>
    public const string AwsZone = "Z0123456789ABCDEFGHIJ";

    /// <summary>A placeholder Cloud DNS managed zone name.</summary>
    public const string GcpZone = "oneq-example";

    /// <summary>A valid <c>ingress</c> mapping for <paramref name="services"/>, on either cloud.</summary>
    public static JsonObject Ingress(bool aws, IEnumerable<string> services)
    {
        var hostnames = new JsonObject();
        foreach (var service in services)
        {
            hostnames[service] = new JsonArray(JsonValue.Create($"{service}.{IngressDomain}"));
        }

        return new JsonObject
        {
            ["domain"] = IngressDomain,
            ["dnsZone"] = aws ? AwsZone : GcpZone,
            ["hostnames"] = hostnames,
            ["acme"] = new JsonObject { ["email"] = "platform@" + IngressDomain },
        };
    }

    /// <summary>The public services a source declares, or the default catalogue's when it declares no list.</summary>
    private static List<string> PublicServices(IConfigSource source) =>
        source.Get("oneq-order-infra:services") is JsonArray services
            ? [.. services.OfType<JsonObject>()
                .Where(s => s["public"] is JsonValue flag && flag.ToString() is "true" or "True")
                .Select(s => s["name"]?.ToString() ?? string.Empty)
                .Where(name => name.Length > 0)]
            : [.. Settings.StackDefaults.Services.Where(s => s.Public).Select(s => s.Name)];

    /// <summary>
    /// A receiver of critical alerts with its secret, which every stack <see cref="FromYaml"/> builds gets unless it
    /// declares its own receivers or holds a secret: a production stack without one is refused (issue 14), and the tests of other rules
    /// should not each repeat it.
    /// </summary>
    public const string CriticalReceiver = """
        oneq-order-infra:monitoring:
          receivers:
            - { name: oncall, type: pagerduty, severities: [critical] }
        oneq-order-infra:monitoringSecrets:
          oncall:
            secure: v1:dGVzdA==
        """;

    /// <summary>The body with <see cref="CriticalReceiver"/> added, unless it declares receivers or a plain <c>monitoring</c> secret of its own.</summary>
    internal static string WithReceiver(string configBody) =>
        configBody.Contains("receivers:", StringComparison.Ordinal) || configBody.Contains("monitoring:\n  secure:", StringComparison.Ordinal)
            ? configBody
            : configBody + "\n" + CriticalReceiver;

    private static string WithAdmin(string configBody)
    {
        if (configBody.Contains("admins:", StringComparison.Ordinal))
        {
            return configBody;
        }

        if (configBody.Contains("oneq-order-infra:cloud: aws", StringComparison.Ordinal))
        {
            return configBody + $"\noneq-order-infra:cluster:\n  admins: [{AwsAdmin}]";
        }

        return configBody.Contains("oneq-order-infra:cloud: gcp", StringComparison.Ordinal)
            ? configBody + $"\noneq-order-infra:cluster:\n  admins: [{GcpAdmin}]"
            : configBody;
    }

    /// <summary>Exactly the stack body given, nothing added (see <see cref="FromYaml"/>).</summary>
    public static IConfigSource AsWritten(string stack, string configBody)
    {
        var lines = MergeRepeatedBlocks(configBody.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'));
        var text = "config:\n" + string.Join('\n', lines.Select(l => "  " + l));
        var result = StackFile.Parse(stack, text);
        Assert.Empty(result.Errors);
        return result.Source!;
    }

    /// <summary>The admin <see cref="FromYaml"/> adds to an AWS stack that names none.</summary>
    public const string AwsAdmin = "arn:aws:iam::123456789012:role/oneq-deploy";

    /// <summary>The admin <see cref="FromYaml"/> adds to a GCP stack that names none.</summary>
    public const string GcpAdmin = "serviceAccount:oneq-deploy@oneq-ci.iam.gserviceaccount.com";

    /// <summary>The RBAC group a production GKE stack needs (guardrail CP-07), with the required admin, as a <c>cluster</c> block.</summary>
    public const string GcpRbacGroup = "oneq-order-infra:cluster:\n  rbacGroup: gke-security-groups@oneq.example\n  admins: [" + GcpAdmin + "]";

    /// <summary>The minimal valid GCP stack (with its RBAC group: a production GKE stack needs one).</summary>
    public const string MinimalGcp = """
        gcp:project: oneq-test
        gcp:region: asia-northeast3
        oneq-order-infra:cloud: gcp

        """ + GcpRbacGroup;

    /// <summary>Moves the indented lines of a repeated <c>key:</c> block under its first occurrence.</summary>
    internal static List<string> MergeRepeatedBlocks(IEnumerable<string> lines)
    {
        List<string> merged = [];
        Dictionary<string, int> blockEnds = new(StringComparer.Ordinal);
        string? current = null;
        var moving = false;
        foreach (var line in lines)
        {
            var topLevel = line.Length > 0 && !char.IsWhiteSpace(line[0]);
            if (topLevel)
            {
                current = line.EndsWith(':') ? line : null;
                moving = current is not null && blockEnds.ContainsKey(current);
                if (!moving)
                {
                    merged.Add(line);
                    if (current is not null)
                    {
                        blockEnds[current] = merged.Count;
                    }
                }

                continue;
            }

            if (moving && current is not null)
            {
                merged.Insert(blockEnds[current], line);
                foreach (var key in blockEnds.Keys.Where(k => blockEnds[k] >= blockEnds[current]).ToList())
                {
                    blockEnds[key]++;
                }
            }
            else
            {
                merged.Add(line);
                if (current is not null && line.Length > 0)
                {
                    blockEnds[current] = merged.Count;
                }
            }
        }

        return merged;
    }

    /// <summary>The minimal valid AWS stack.</summary>
    public const string MinimalAws = """
        aws:region: ap-northeast-2
        oneq-order-infra:cloud: aws
        """;

    public static IConfigSource Keys(string stack, params (string Key, JsonNode? Value)[] values) =>
        new DictionaryConfigSource(stack, values.ToDictionary(v => v.Key, v => v.Value));
}
