using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;
using OneQOrder.Tests.Support;

namespace OneQOrder.Platform.Tests.BadInput;

/// <summary>
/// Invalid stack files, each with exactly what must be reported: the set of keys in error (nothing else may be wrong)
/// and a fragment of the message that tells the reader what to fix. Read the way the plan command reads a stack:
/// <see cref="StackFile.Parse"/>, then <see cref="StackConfiguration.Load"/>.
/// </summary>
public sealed class BadStackTests
{
    private const string P = "oneq-order-infra:";

    /// <summary>One bad stack file.</summary>
    /// <param name="Yaml">The whole file text.</param>
    /// <param name="Keys">Every key that must be reported, and no other.</param>
    /// <param name="Fragment">Text that must appear in the first error's message.</param>
    /// <param name="Stack">The stack name the file belongs to.</param>
    public sealed record BadStackFile(string Yaml, string[] Keys, string Fragment, string Stack = "bad");

    private static readonly IReadOnlyDictionary<string, BadStackFile> Cases = new SortedDictionary<string, BadStackFile>(StringComparer.Ordinal)
    {
        // ── The file itself ───────────────────────────────────────────────────────────────────────
        ["empty file"] = new(string.Empty, ["Pulumi.bad.yaml"], "the file is empty"),
        ["malformed yaml"] = new("config:\n  oneq-order-infra:cloud: [gcp\n", ["Pulumi.bad.yaml (line 3, column 1)"], "well-formed YAML"),
        ["duplicate key"] = new(Gcp("oneq-order-infra:cloud: aws"), ["Pulumi.bad.yaml (line 8, column 3)"], "duplicate key"),
        ["no config section"] = new("secretsprovider: passphrase\n", ["Pulumi.bad.yaml: config"], "a `config:` mapping"),
        ["unclosed list followed by more keys"] = new("config:\n  oneq-order-infra:cloud: [gcp\n  gcp:project: oneq-test\n", ["Pulumi.bad.yaml (line 2, column 27)"], "a `[` list that is never closed"),
        ["unclosed mapping followed by more keys"] = new("config:\n  oneq-order-infra:network: {cidr: 10.0.0.0/16\n  gcp:project: oneq-test\n", ["Pulumi.bad.yaml (line 2, column 29)"], "a `{` mapping that is never closed"),
        ["tab indenting a later line"] = new("config:\n  gcp:project: oneq-test\n  gcp:region: asia-northeast3\n\toneq-order-infra:cloud: gcp\n", ["Pulumi.bad.yaml (line 4, column 1)"], "a tab in the indentation"),
        ["tab after spaces in a nested block"] = new("config:\n  oneq-order-infra:network:\n    cidr: 10.0.0.0/16\n  \t zones: 3\n", ["Pulumi.bad.yaml (line 4, column 3)"], "indentation with spaces"),
        ["alias bomb"] = new(AliasBomb(levels: 9, width: 9), ["Pulumi.bad.yaml (line 3, column 5): oneq-order-infra:bomb"], "more than 200000 values once YAML aliases are expanded"),
        ["too many aliases"] = new("config:\n  oneq-order-infra:x: &x a\n  oneq-order-infra:list: [" + string.Join(", ", Enumerable.Repeat("*x", 101)) + "]\n", ["Pulumi.bad.yaml (line 3, column " + (27 + (100 * 4)) + ")"], "at most 100 YAML aliases"),
        ["unprefixed project key"] = new("config:\n  gcp:project: oneq-test\n  cloud: aws\n", ["Pulumi.bad.yaml (line 3, column 3): cloud"], "expected oneq-order-infra:cloud"),
        ["config is a list"] = new("config:\n  - oneq-order-infra:cloud\n", ["Pulumi.bad.yaml: config"], "got \"a list\""),

        // ── Cloud, environment, provider keys ─────────────────────────────────────────────────────
        ["missing cloud"] = new("config:\n  gcp:project: oneq-test\n  gcp:region: asia-northeast3\n  oneq-order-infra:cluster:\n    rbacGroup: gke-security-groups@oneq.example\n  oneq-order-infra:monitoring:\n    receivers:\n      - { name: oncall, type: pagerduty }\n  oneq-order-infra:monitoringSecrets:\n    oncall:\n      secure: v1:dGVzdA==\n", [P + "cloud"], "missing; expected gcp or aws"),
        ["unknown cloud"] = new("config:\n  oneq-order-infra:cloud: azure\n  oneq-order-infra:cluster:\n    rbacGroup: gke-security-groups@oneq.example\n  oneq-order-infra:monitoring:\n    receivers:\n      - { name: oncall, type: pagerduty }\n  oneq-order-infra:monitoringSecrets:\n    oncall:\n      secure: v1:dGVzdA==\n", [P + "cloud"], "got \"azure\"; expected gcp or aws"),
        ["missing gcp project"] = new("config:\n  gcp:region: asia-northeast3\n  oneq-order-infra:cloud: gcp\n  oneq-order-infra:cluster:\n    rbacGroup: gke-security-groups@oneq.example\n    admins: [" + Config.GcpAdmin + "]\n  oneq-order-infra:monitoring:\n    receivers:\n      - { name: oncall, type: pagerduty }\n  oneq-order-infra:monitoringSecrets:\n    oncall:\n      secure: v1:dGVzdA==\n", ["gcp:project"], "the GCP project id"),
        ["missing aws region"] = new("config:\n  oneq-order-infra:cloud: aws\n  oneq-order-infra:cluster:\n    admins: [" + Config.AwsAdmin + "]\n  oneq-order-infra:monitoring:\n    receivers:\n      - { name: oncall, type: pagerduty }\n  oneq-order-infra:monitoringSecrets:\n    oncall:\n      secure: v1:dGVzdA==\n", ["aws:region"], "the AWS region"),
        ["unknown environment"] = new(Gcp("oneq-order-infra:environment: staging"), [P + "environment"], "test or production"),
        ["prod stack calling itself test"] = new(Aws("oneq-order-infra:environment: test"), [P + "environment"], "a prod stack cannot relax guardrails", Stack: "prod"),
        ["stack name too long for a GKE cluster"] = new(Gcp(string.Empty), ["stack"], "at most 35 characters", Stack: new string('s', 36)),
        ["stack name with capitals"] = new(Gcp(string.Empty), ["stack"], "DNS-1123 label", Stack: "Dev_1"),

        // ── Wrong types, unknown keys, secrets ────────────────────────────────────────────────────
        ["zones not a number"] = new(Gcp("oneq-order-infra:network:\n  zones: three"), [P + "network.zones"], "a whole number from"),
        ["network not a mapping"] = new(Gcp("oneq-order-infra:network: 10.0.0.0/16"), [P + "network"], "a mapping"),
        ["boolean written as yes"] = new(Gcp("oneq-order-infra:cluster:\n  secretsEncryption: yes"), [P + "cluster.secretsEncryption"], "true or false"),
        ["unknown top-level key"] = new(Gcp("oneq-order-infra:clusters: {}"), [P + "clusters"], "(unknown key)"),
        ["unknown nested key"] = new(Gcp("oneq-order-infra:cluster:\n  nodePool: []"), [P + "cluster.nodePool"], "one of the known keys"),
        ["secret where plain text is expected"] = new(Gcp("oneq-order-infra:network:\n  cidr:\n    secure: v1:AAAA"), [P + "network.cidr"], "secret"),
        ["services not a list"] = new(Gcp("oneq-order-infra:services: { name: pg }"), [P + "services"], "a list of services"),

        // ── Network ranges ────────────────────────────────────────────────────────────────────────
        ["cidr with host bits"] = new(Gcp("oneq-order-infra:network:\n  cidr: 10.0.0.1/16"), [P + "network.cidr"], "host bits zero"),
        ["cidr too small for the subnets"] = new(Aws("oneq-order-infra:network:\n  cidr: 10.0.0.0/22"), [P + "network.cidr"], "a range that holds 3 private /20 and 3 public /24 subnets"),
        ["subnet prefix out of range"] = new(Aws("oneq-order-infra:network:\n  privateSubnetPrefixLength: 30"), [P + "network.privateSubnetPrefixLength"], "a whole number from"),
        ["control plane overlapping the network"] = new(Gcp("oneq-order-infra:network:\n  cidr: 172.16.0.0/16"), [P + "network.controlPlaneCidr"], "a /28 outside network.cidr 172.16.0.0/16"),
        ["control plane not a /28"] = new(Gcp("oneq-order-infra:network:\n  controlPlaneCidr: 172.16.0.0/24"), [P + "network.controlPlaneCidr"], "an IPv4 /28 network"),
        ["one zone on aws"] = new(Aws("oneq-order-infra:network:\n  zones: 1"), [P + "network.zones"], "at least two availability zones"),

        // ── Cluster and node pools ────────────────────────────────────────────────────────────────
        ["unsupported kubernetes version"] = new(Gcp("oneq-order-infra:cluster:\n  kubernetesVersion: \"1.25\""), [P + "cluster.kubernetesVersion"], "1.30 or newer"),
        ["unknown release channel"] = new(Gcp("oneq-order-infra:cluster:\n  releaseChannel: BETA"), [P + "cluster.releaseChannel"], "RAPID, REGULAR or STABLE"),
        ["public access cidr not a cidr"] = new(Gcp("oneq-order-infra:cluster:\n  publicAccessCidrs: [office]"), [P + "cluster.publicAccessCidrs[0]"], "an IPv4 network with prefix"),
        ["no node pools"] = new(Gcp("oneq-order-infra:cluster:\n  nodePools: []"), [P + "cluster.nodePools"], "at least one node pool"),
        ["min nodes above max nodes"] = new(Gcp("oneq-order-infra:cluster:\n  nodePools:\n    - { name: general, minNodes: 5, maxNodes: 2 }"), [P + "cluster.nodePools[0].minNodes"], "at most maxNodes (2)"),
        ["disk too small"] = new(Gcp("oneq-order-infra:cluster:\n  nodePools:\n    - { name: general, diskSizeGb: 10 }"), [P + "cluster.nodePools[0].diskSizeGb"], "a whole number from 20"),
        ["node pool name too long for gke"] = new(Gcp("oneq-order-infra:cluster:\n  nodePools:\n    - name: " + new string('n', 41)), [P + "cluster.nodePools[0].name"], "at most 40 characters"),
        ["duplicate node pool names"] = new(Gcp("oneq-order-infra:cluster:\n  nodePools:\n    - name: general\n    - name: general"), [P + "cluster.nodePools[1].name"], "a node pool name used once"),

        // ── Guardrails ────────────────────────────────────────────────────────────────────────────
        ["relaxed control in prod"] = new(Aws("oneq-order-infra:cluster:\n  secretsEncryption: false"), [P + "cluster.secretsEncryption"], "in production (guardrail CP-03"),
        ["whole internet on the endpoint in prod"] = new(Aws("oneq-order-infra:cluster:\n  publicAccessCidrs: [0.0.0.0/0]"), [P + "cluster.publicAccessCidrs[0]"], "no /0 range"),
        ["non-relaxable control in a test stack"] = new(Gcp("oneq-order-infra:environment: test\noneq-order-infra:cluster:\n  publicNodeIps: true"), [P + "cluster.publicNodeIps"], "even in a test stack (guardrail NET-01"),
        ["unknown inbound policy reported once"] = new(Gcp("oneq-order-infra:mesh:\n  defaultInboundPolicy: allow-all"), [P + "mesh.defaultInboundPolicy"], "one of all-authenticated, all-unauthenticated"),
        ["unknown pod security level reported once"] = new(Gcp("oneq-order-infra:namespaces:\n  podSecurity: strict"), [P + "namespaces.podSecurity"], "Pod Security Admission levels"),

        // ── Mesh, monitoring, quantities ──────────────────────────────────────────────────────────
        ["issuer outliving its trust anchor"] = new(Gcp("oneq-order-infra:mesh:\n  trustAnchorValidityHours: 8760\n  issuerValidityHours: 8760"), [P + "mesh.issuerValidityHours"], "the issuer must expire before the anchor"),
        ["proxy request above its limit"] = new(Gcp("oneq-order-infra:mesh:\n  proxy:\n    cpuRequest: \"2\"\n    cpuLimit: 500m"), [P + "mesh.proxy.cpuRequest"], "at most cpuLimit (500m)"),
        ["quota that is not a quantity"] = new(Gcp("oneq-order-infra:namespaces:\n  quota:\n    memory: lots"), [P + "namespaces.quota.memory"], "a positive Kubernetes quantity"),
        ["prometheus retention in words"] = new(Gcp("oneq-order-infra:monitoring:\n  retention: 15 days"), [P + "monitoring.retention"], "a Prometheus duration"),

        // ── Services and calls ────────────────────────────────────────────────────────────────────
        ["service name too long for kubernetes"] = new(Services("  - name: " + new string('a', 41), "[]"), [P + "services[0].name"], "at most 40 characters"),
        ["service name with capitals"] = new(Services("  - name: Bank", "[]"), [P + "services[0].name"], "DNS-1123 label"),
        ["service named after a system namespace"] = new(Services("  - name: monitoring", "[]"), [P + "services[0].name"], "not a system namespace"),
        ["duplicate service names"] = new(Services("  - name: pg\n  - name: pg", "[]"), [P + "services[1].name"], "a service name used once"),
        ["service on a linkerd proxy port"] = new(Services("  - { name: pg, port: 4143 }", "[]"), [P + "services[0].port"], "Linkerd's proxy ports"),
        ["service port out of range"] = new(Services("  - { name: pg, port: 70000 }", "[]"), [P + "services[0].port"], "a whole number from 1 to 65535"),
        ["no services"] = new(Services(null, "[]"), [P + "services"], "at least one service"),
        ["call to an unknown service"] = new(Services("  - name: pg\n  - name: card", "[{ from: pg, to: shop }]"), [P + "calls[0].to"], "a declared service (pg, card)"),
        ["call to oneself"] = new(Services("  - name: pg\n  - name: card", "[{ from: pg, to: pg }]"), [P + "calls[0].to"], "a service other than the caller"),
        ["duplicate call"] = new(Services("  - name: pg\n  - name: card", "[{ from: pg, to: card }, { from: pg, to: card }]"), [P + "calls[1]"], "each call declared once"),
        ["call without a callee"] = new(Services("  - name: pg\n  - name: card", "[{ from: pg }]"), [P + "calls[0].to"], "missing; expected the called service's name"),

        // ── The public entry (ingress) ────────────────────────────────────────────────────────────
        ["ingress not a mapping"] = new(Gcp("oneq-order-infra:ingress: [order.oneq.example]"), [P + "ingress"], "got \"a list\"; expected a mapping"),
        ["plain http served in prod"] = new(Aws(Ingress(SampleIngress.AwsZone, "  http: serve")), [P + "ingress.http"], "redirect or off in production (guardrail EDGE-02"),
        ["wildcard hostname"] = new(Gcp(Ingress(SampleIngress.GcpZone, string.Empty).Replace("[order.oneq.example]", "['*.oneq.example']", StringComparison.Ordinal)), [P + "ingress.hostnames.oneq-order[0]"], "not a wildcard"),
        ["hostname outside the domain"] = new(Gcp(Ingress(SampleIngress.GcpZone, string.Empty).Replace("[order.oneq.example]", "[order.example.com]", StringComparison.Ordinal)), [P + "ingress.hostnames.oneq-order[0]"], "ingress.domain (oneq.example) or a name under it"),
        ["route 53 zone on gcp"] = new(Gcp(Ingress(SampleIngress.AwsZone, string.Empty)), [P + "ingress.dnsZone"], "a Cloud DNS managed zone name"),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_stack_reports_exactly_the_broken_keys_with_a_clear_message(string name)
    {
        var bad = Cases[name];

        var errors = Read(bad);

        Assert.Equal(bad.Keys.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains(bad.Fragment, errors[0].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.StartsWith(e.Key + ": ", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Table_holds_at_least_thirty_distinct_bad_stacks()
    {
        Assert.True(Cases.Count >= 30, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Values.Select(c => (c.Stack, c.Yaml)).Distinct().Count());
    }

    [Fact]
    public void Bases_of_the_bad_stacks_are_valid_on_their_own()
    {
        // Guard against a table that passes for the wrong reason: the bases themselves are valid.
        Assert.Empty(Read(new BadStackFile(Gcp(string.Empty), [], string.Empty)));
        Assert.Empty(Read(new BadStackFile(Aws(string.Empty), [], string.Empty)));
        Assert.Empty(Read(new BadStackFile(Services("  - name: pg\n  - name: card", "[{ from: pg, to: card }]"), [], string.Empty)));
    }

    private static List<ConfigError> Read(BadStackFile bad)
    {
        var file = StackFile.Parse(bad.Stack, bad.Yaml);
        return file.Source is null ? [.. file.Errors] : [.. StackConfiguration.Load(Config.WithIngress(file.Source)).Errors];
    }

    /// <summary>A production GCP stack (with the RBAC group it needs, guardrail CP-07) plus <paramref name="extra"/>.</summary>
    private static string Gcp(string extra) =>
        "config:\n" + Indent(string.Join('\n', Config.MergeRepeatedBlocks(
            $"gcp:project: oneq-bad\ngcp:region: asia-northeast3\noneq-order-infra:cloud: gcp\n{Config.GcpRbacGroup}\n{Config.WithReceiver(extra)}".TrimEnd('\n').Split('\n'))));

    /// <summary>A production AWS stack (with the admin every stack needs) plus <paramref name="extra"/>.</summary>
    private static string Aws(string extra) =>
        "config:\n" + Indent(string.Join('\n', Config.MergeRepeatedBlocks(
            Config.WithReceiver($"aws:region: ap-northeast-2\noneq-order-infra:cloud: aws\noneq-order-infra:cluster:\n  admins: [{Config.AwsAdmin}]\n{extra}").TrimEnd('\n').Split('\n'))));

    /// <summary>A GCP stack with its own service list (null: an empty list) and calls.</summary>
    private static string Services(string? services, string calls) =>
        Gcp("oneq-order-infra:services:" + (services is null ? " []" : "\n" + services) + "\noneq-order-infra:calls: " + calls);

    /// <summary>An <c>ingress</c> block for the default public services in <paramref name="zone"/>, plus <paramref name="extra"/> members.</summary>
    private static string Ingress(string zone, string extra) => SampleIngress.Yaml(zone) + "\n" + extra;

    /// <summary>"Billion laughs": each level a list of <paramref name="width"/> aliases of the level before (about 2 KB).</summary>
    private static string AliasBomb(int levels, int width)
    {
        var lines = new List<string> { "config:", "  oneq-order-infra:bomb:", "    l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i <= levels; i++)
        {
            lines.Add($"    l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", width))}]");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Indent(string text) => text.Length == 0
        ? string.Empty
        : string.Join('\n', text.Split('\n').Select(l => "  " + l)) + "\n";
}
