using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// Stacks with several faults: one run reports all of them, and nothing else (no cascades from one fault into
/// another key). Each case lists exactly the keys that must be reported.
/// </summary>
public sealed class EveryErrorAtOnceTests
{
    private const string P = "oneq-order-infra:";

    public static TheoryData<string, string, string[]> Configurations => new()
    {
        { "gcp", "oneq-order-infra:cloud: gcp", ["gcp:project", "gcp:region", P + "cluster.rbacGroup"] },
        { "aws", "oneq-order-infra:cloud: aws\noneq-order-infra:environment: staging", ["aws:region", P + "environment"] },
        {
            "net1", Config.MinimalAws + "\noneq-order-infra:network:\n  zones: 1\n  cidr: 10.0.0.1/16\n  flowLogs: maybe",
            [P + "network.zones", P + "network.cidr", P + "network.flowLogs"]
        },
        {
            "net2", Config.MinimalGcp + "\noneq-order-infra:network:\n  cidr: 10.0.0.0/17\n  controlPlaneCidr: 10.0.0.0/27\n  podPrefixLength: 30",
            [P + "network.podPrefixLength", P + "network.cidr", P + "network.controlPlaneCidr"]
        },
        {
            "net3", Config.MinimalGcp + "\noneq-order-infra:network:\n  zones: 5\n  controlPlaneCidr: 10.0.0.16/28\n  subnets: 3",
            [P + "network.subnets", P + "network.zones", P + "network.controlPlaneCidr"]
        },
        {
            "k8s1", Config.MinimalGcp + "\noneq-order-infra:cluster:\n  kubernetesVersion: latest\n  releaseChannel: rapid\n  auditLogs: sometimes",
            [P + "cluster.auditLogs", P + "cluster.kubernetesVersion", P + "cluster.releaseChannel"]
        },
        {
            "k8s2", Config.MinimalAws + "\noneq-order-infra:cluster:\n  publicAccessCidrs: [0.0.0.0, 10.0.0.0/33]\n  auditLogRetentionDays: forever",
            [P + "cluster.auditLogRetentionDays", P + "cluster.publicAccessCidrs[0]", P + "cluster.publicAccessCidrs[1]"]
        },
        {
            "pools1", Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools:\n    - name: a\n      minNodes: 4\n      maxNodes: 2\n    - name: a\n      diskSizeGb: 5\n      gpus: 1",
            [P + "cluster.nodePools[1].diskSizeGb", P + "cluster.nodePools[1].gpus", P + "cluster.nodePools[0].minNodes", P + "cluster.nodePools[1].name"]
        },
        {
            "pools2", Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools:\n    - general\n    - name: Big_Pool\n      machineType: ''",
            [P + "cluster.nodePools[0]", P + "cluster.nodePools[1].name", P + "cluster.nodePools[1].machineType"]
        },
        {
            "mesh1", Config.MinimalGcp + "\noneq-order-infra:mesh:\n  ha: 1\n  defaultInboundPolicy: open\n  issuerValidityHours: 100000",
            [P + "mesh.ha", P + "mesh.defaultInboundPolicy", P + "mesh.issuerValidityHours"]
        },
        {
            "mesh2", Config.MinimalGcp + "\noneq-order-infra:mesh:\n  proxy:\n    cpuRequest: 2\n    cpuLimit: 1\n    memoryRequest: 1Gi\n    memoryLimit: 1Mi\n    gpu: 1",
            [P + "mesh.proxy.gpu", P + "mesh.proxy.cpuRequest", P + "mesh.proxy.memoryRequest"]
        },
        {
            "mon", Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  retention: a week\n  storageGi: -1\n  grafanaAdminFromSecret: no",
            [P + "monitoring.storageGi", P + "monitoring.grafanaAdminFromSecret", P + "monitoring.retention"]
        },
        {
            "ns", Config.MinimalGcp + "\noneq-order-infra:namespaces:\n  podSecurity: none\n  quota:\n    cpu: 0\n    pods: many\n  containerDefaults:\n    memoryLimit: -5Mi",
            [P + "namespaces.quota.pods", P + "namespaces.podSecurity", P + "namespaces.quota.cpu", P + "namespaces.containerDefaults.memoryLimit"]
        },
        {
            "svc1", Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: shop\n  - name: kube-shop\n  - name: shop\n    port: 4191\noneq-order-infra:calls: []",
            [P + "services[1].name", P + "services[2].name", P + "services[2].port"]
        },
        {
            "svc2", Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: Shop\n  - port: 99999\n  - pg\noneq-order-infra:calls: []",
            [P + "services[1].name", P + "services[1].port", P + "services[2]", P + "services[0].name"]
        },
        {
            "svc3", Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: pg\n    quota:\n      memory: big\n    public: perhaps\noneq-order-infra:calls: []",
            [P + "services[0].public", P + "services[0].quota.memory"]
        },
        {
            "ingress1", Config.MinimalAws + "\noneq-order-infra:ingress:\n  domain: oneq.example\n  dnsZone: oneq-example\n  hostnames:\n    oneq-order: [order.oneq.example, order.oneq.example]\n    bank: [bank.oneq.example]\n  acme:\n    server: staging\n  http: serve\n  replicas: many",
            [P + "ingress.acme.email", P + "ingress.replicas", P + "ingress.dnsZone", P + "ingress.hostnames.appcard", P + "ingress.hostnames.oneq-order[1]", P + "ingress.hostnames.bank", P + "ingress.http", P + "ingress.acme.server"]
        },
        {
            "calls1", Config.MinimalGcp + "\noneq-order-infra:calls:\n  - from: pg\n    to: visa\n  - from: shop\n    to: pg\n  - from: card\n    to: card",
            [P + "calls[0].to", P + "calls[1].from", P + "calls[2].to"]
        },
        {
            "calls2", Config.MinimalGcp + "\noneq-order-infra:calls:\n  - from: pg\n  - pg -> bank\n  - from: pg\n    to: bank\n    port: 80\n  - from: pg\n    to: bank",
            [P + "calls[0].to", P + "calls[1]", P + "calls[2].port", P + "calls[3]"]
        },
        {
            "calls3", Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: shop\n  - name: pay",
            // The default calls name the five default services, none of which this stack declares.
            [
                P + "calls[0].from", P + "calls[0].to", P + "calls[1].from", P + "calls[1].to", P + "calls[2].from", P + "calls[2].to",
                P + "calls[3].from", P + "calls[3].to", P + "calls[4].from", P + "calls[4].to", P + "calls[5].from", P + "calls[5].to",
            ]
        },
        {
            "secrets", "oneq-order-infra:cloud: aws\naws:region:\n  secure: v1:A\noneq-order-infra:network:\n  secure: v1:B\noneq-order-infra:cluster:\n  kubernetesVersion:\n    secure: v1:C",
            ["aws:region", P + "network", P + "cluster.kubernetesVersion"]
        },
        {
            "unknown", Config.MinimalGcp + "\noneq-order-infra:netwrok: {}\noneq-order-infra:meshes: {}\noneq-order-infra:cluster:\n  version: '1.33'",
            [P + "cluster.version", P + "meshes", P + "netwrok"]
        },
        {
            "mixed", "aws:region: ap-northeast-2\noneq-order-infra:cloud: aws\noneq-order-infra:network:\n  zones: 1\noneq-order-infra:cluster:\n  kubernetesVersion: '1.2'\noneq-order-infra:services:\n  - name: default\noneq-order-infra:calls:\n  - from: default\n    to: bank",
            [P + "network.zones", P + "cluster.kubernetesVersion", P + "services[0].name", P + "calls[0].to"]
        },
        {
            "prod-x", Config.MinimalAws + "\noneq-order-infra:environment: test\noneq-order-infra:network:\n  cidr: 10.0.0.0/22\noneq-order-infra:monitoring:\n  retention: forever",
            [P + "environment", P + "network.cidr", P + "monitoring.retention"]
        },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Validation_reports_every_fault_of_a_stack_in_one_run(string stack, string yaml, string[] keys)
    {
        var source = Config.FromYaml(stack, yaml);

        var errors = StackConfiguration.Load(source).Errors;

        Assert.Equal(keys.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_error_names_its_key_its_value_and_what_is_expected()
    {
        var source = Config.FromYaml("mixed", Config.MinimalAws + "\noneq-order-infra:network:\n  zones: 1\n  cidr: 10.0.0.0/33");

        var errors = StackConfiguration.Load(source).Errors;

        Assert.All(errors, e =>
        {
            Assert.StartsWith(P, e.Key, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(e.Value));
            Assert.Contains($"got \"{e.Value}\"; expected {e.Expected}", e.Message, StringComparison.Ordinal);
        });
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Unknown_cloud_reports_the_cloud_and_every_cloud_neutral_error_but_no_rule_of_a_cloud_never_chosen()
    {
        // Arrange: a production stack (the default) for an unsupported cloud, without a GKE rbacGroup, with GKE-only
        // faults (release channel, control-plane range, five zones) and faults that are wrong on every cloud.
        var source = Config.FromYaml("bad", """
            oneq-order-infra:cloud: azure
            oneq-order-infra:network:
              zones: 5
              controlPlaneCidr: 10.0.0.0/27
            oneq-order-infra:cluster:
              kubernetesVersion: latest
              releaseChannel: FAST
              auditLogs: false
            oneq-order-infra:monitoring:
              retention: x
            """);

        // Act
        var errors = StackConfiguration.Load(source).Errors;

        // Assert
        Assert.Equal(
            [P + "cloud", P + "cluster.kubernetesVersion", P + "monitoring.retention", P + "cluster.auditLogs"],
            errors.Select(e => e.Key));
        Assert.Equal("cloud: got \"azure\"; expected gcp or aws", errors[0].Message[P.Length..]);
        Assert.DoesNotContain(errors, e => e.Key == P + "cluster.rbacGroup");
    }

    [Fact]
    public void LoadOrThrow_carries_every_error_in_the_exception()
    {
        var source = Config.FromYaml("bad", "oneq-order-infra:cloud: azure\noneq-order-infra:monitoring:\n  retention: x\n" + Config.GcpRbacGroup);

        var thrown = Assert.Throws<InvalidStackConfigurationException>(() => StackConfiguration.LoadOrThrow(source));

        Assert.Equal("bad", thrown.Stack);
        Assert.Equal([P + "cloud", P + "monitoring.retention"], thrown.Errors.Select(e => e.Key));
        Assert.Contains("stack 'bad' has 2 configuration error(s); nothing was created:", thrown.Message, StringComparison.Ordinal);
    }
}
