using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// Each rule, alone in an otherwise valid stack, yields exactly one error with exactly this message: the messages are
/// the user interface of validation (pulumi-eks style: tests assert them word for word).
/// </summary>
public sealed class ValidationRuleMessageTests
{
    private const string P = "oneq-order-infra";

    public static TheoryData<string, string, string> GcpRules => new()
    {
        {
            "unknown cloud",
            "gcp:project: oneq-test\ngcp:region: asia-northeast3\noneq-order-infra:cloud: azure" + "\n" + Config.GcpRbacGroup,
            $"{P}:cloud: got \"azure\"; expected gcp or aws"
        },
        {
            "missing cloud",
            "gcp:project: oneq-test\ngcp:region: asia-northeast3" + "\n" + Config.GcpRbacGroup,
            $"{P}:cloud: missing; expected gcp or aws"
        },
        {
            "unknown environment",
            Config.MinimalGcp + "\noneq-order-infra:environment: staging",
            $"{P}:environment: got \"staging\"; expected test or production"
        },
        {
            "missing gcp project",
            "gcp:region: asia-northeast3\noneq-order-infra:cloud: gcp" + "\n" + Config.GcpRbacGroup,
            "gcp:project: missing; expected the GCP project id (required when cloud is gcp)"
        },
        {
            "missing gcp region",
            "gcp:project: oneq-test\noneq-order-infra:cloud: gcp" + "\n" + Config.GcpRbacGroup,
            "gcp:region: missing; expected the GCP region the stack lives in, e.g. asia-northeast3 (required when cloud is gcp)"
        },
        {
            "zones not a number",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  zones: three",
            $"{P}:network.zones: got \"three\"; expected a whole number from 1 to 6"
        },
        {
            "too many zones for gcp",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  zones: 5",
            $"{P}:network.zones: got \"5\"; expected at most 3: asia-northeast3 has 3 zones (asia-northeast3-a, asia-northeast3-b, asia-northeast3-c)"
        },
        {
            "boolean of the wrong type",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  flowLogs: yes",
            $"{P}:network.flowLogs: got \"yes\"; expected true or false"
        },
        {
            "object given as a list",
            Config.MinimalGcp + "\noneq-order-infra:network: [10.0.0.0/16]",
            $"{P}:network: got \"a list\"; expected a mapping (an object of keys)"
        },
        {
            "host bits set in the network range",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  cidr: 10.0.0.1/16",
            $"{P}:network.cidr: got \"10.0.0.1/16\"; expected an IPv4 network address with prefix, such as 10.0.0.0/16 (host bits zero)"
        },
        {
            "network range without a prefix",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  cidr: 10.0.0.0",
            $"{P}:network.cidr: got \"10.0.0.0\"; expected an IPv4 network address with prefix, such as 10.0.0.0/16 (host bits zero)"
        },
        {
            "gcp range too small for node, pod and service ranges",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  cidr: 10.0.0.0/17",
            $"{P}:network.cidr: got \"10.0.0.0/17\"; expected a range that holds a /20 node range, a /17 pod range and a /20 service range (at least a /16)"
        },
        {
            "control-plane range overlapping the network",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  controlPlaneCidr: 10.0.16.0/28",
            $"{P}:network.controlPlaneCidr: got \"10.0.16.0/28\"; expected a /28 outside network.cidr 10.0.0.0/16 (GKE rejects overlapping control-plane ranges)"
        },
        {
            "control-plane range not a /28",
            Config.MinimalGcp + "\noneq-order-infra:network:\n  controlPlaneCidr: 172.16.0.0/27",
            $"{P}:network.controlPlaneCidr: got \"172.16.0.0/27\"; expected an IPv4 /28 network such as 172.16.0.0/28 (GKE private control plane)"
        },
        {
            "kubernetes version with a v",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  kubernetesVersion: v1.33",
            $"{P}:cluster.kubernetesVersion: got \"v1.33\"; expected a Kubernetes minor version 1.30 or newer, written major.minor such as 1.33"
        },
        {
            "kubernetes patch version",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  kubernetesVersion: 1.33.2",
            $"{P}:cluster.kubernetesVersion: got \"1.33.2\"; expected a Kubernetes minor version 1.30 or newer, written major.minor such as 1.33"
        },
        {
            "rbac group not named gke-security-groups",
            "gcp:project: oneq-test\ngcp:region: asia-northeast3\noneq-order-infra:cloud: gcp\noneq-order-infra:cluster:\n  rbacGroup: k8s-admins@oneq.example",
            $"{P}:cluster.rbacGroup: got \"k8s-admins@oneq.example\"; expected the organisation's Google Group gke-security-groups@<domain>, e.g. gke-security-groups@example.com (GKE Google Groups for RBAC)"
        },
        {
            "unknown release channel",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  releaseChannel: FAST",
            $"{P}:cluster.releaseChannel: got \"FAST\"; expected RAPID, REGULAR or STABLE (GKE release channels)"
        },
        {
            "audit log retention beyond a Cloud Logging bucket's limit",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  auditLogRetentionDays: 3653",
            $"{P}:cluster.auditLogRetentionDays: got \"3653\"; expected a whole number from 1 to 3650 on gcp (Cloud Logging bucket retention)"
        },
        {
            "malformed public access range",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  publicAccessCidrs: [203.0.113.0/24, 198.51.100.7]",
            $"{P}:cluster.publicAccessCidrs[1]: got \"198.51.100.7\"; expected an IPv4 network with prefix, such as 203.0.113.0/24"
        },
        {
            "public access ranges not a list",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  publicAccessCidrs: 203.0.113.0/24",
            $"{P}:cluster.publicAccessCidrs: got \"203.0.113.0/24\"; expected a list of IPv4 CIDRs (empty: private endpoint only)"
        },
        {
            "no node pools",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools: []",
            $"{P}:cluster.nodePools: got \"an empty list\"; expected at least one node pool"
        },
        {
            "node pool name not a label",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools:\n    - name: General_Pool",
            $"{P}:cluster.nodePools[0].name: got \"General_Pool\"; expected a DNS-1123 label of at most 40 characters (lowercase letters, digits and '-')"
        },
        {
            "node pool name used twice",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools:\n    - name: general\n    - name: general",
            $"{P}:cluster.nodePools[1].name: got \"general\"; expected a node pool name used once"
        },
        {
            "node pool minimum above maximum",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools:\n    - minNodes: 5\n      maxNodes: 2",
            $"{P}:cluster.nodePools[0].minNodes: got \"5\"; expected at most maxNodes (2)"
        },
        {
            "node pool that is not a mapping",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  nodePools: [general]",
            $"{P}:cluster.nodePools[0]: got \"general\"; expected a node pool ({{ name, machineType, minNodes, maxNodes, diskSizeGb }})"
        },
        {
            "unknown inbound policy",
            Config.MinimalGcp + "\noneq-order-infra:mesh:\n  defaultInboundPolicy: allow-all",
            $"{P}:mesh.defaultInboundPolicy: got \"allow-all\"; expected one of all-authenticated, all-unauthenticated, audit, cluster-authenticated, cluster-unauthenticated, deny"
        },
        {
            "proxy request above its limit",
            Config.MinimalGcp + "\noneq-order-infra:mesh:\n  proxy:\n    cpuRequest: 2\n    cpuLimit: 500m",
            $"{P}:mesh.proxy.cpuRequest: got \"2\"; expected at most cpuLimit (500m)"
        },
        {
            "proxy memory not a quantity",
            Config.MinimalGcp + "\noneq-order-infra:mesh:\n  proxy:\n    memoryLimit: lots",
            $"{P}:mesh.proxy.memoryLimit: got \"lots\"; expected a positive Kubernetes quantity such as 500m, 2 or 512Mi"
        },
        {
            "issuer outliving its trust anchor",
            Config.MinimalGcp + "\noneq-order-infra:mesh:\n  trustAnchorValidityHours: 8760\n  issuerValidityHours: 8760",
            $"{P}:mesh.issuerValidityHours: got \"8760\"; expected fewer hours than mesh.trustAnchorValidityHours (8760): the issuer must expire before the anchor that signs it"
        },
        {
            "retention not a Prometheus duration",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  retention: 15 days",
            $"{P}:monitoring.retention: got \"15 days\"; expected a Prometheus duration such as 15d, 12h or 1w"
        },
        {
            "storage out of range",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  storageGi: 0",
            $"{P}:monitoring.storageGi: got \"0\"; expected a whole number from 1 to 65536"
        },
        {
            "unknown pod security level",
            Config.MinimalGcp + "\noneq-order-infra:namespaces:\n  podSecurity: strict",
            $"{P}:namespaces.podSecurity: got \"strict\"; expected restricted, baseline or privileged (Pod Security Admission levels)"
        },
        {
            "quota cpu not a quantity",
            Config.MinimalGcp + "\noneq-order-infra:namespaces:\n  quota:\n    cpu: four",
            $"{P}:namespaces.quota.cpu: got \"four\"; expected a positive Kubernetes quantity such as 500m, 2 or 512Mi"
        },
        {
            "unknown top-level key",
            Config.MinimalGcp + "\noneq-order-infra:netwrok:\n  zones: 1",
            $"{P}:netwrok: got \"(unknown key)\"; expected one of the known keys: calls, cloud, cluster, environment, ingress, mesh, monitoring, monitoringSecrets, namespaces, network, services"
        },
        {
            "unknown nested key",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  retension: 30d",
            $"{P}:monitoring.retension: got \"(unknown key)\"; expected one of the known keys: grafanaAdminFromSecret, receivers, retention, runbookUrl, storageGi"
        },
        {
            "secret where plain text is expected",
            Config.MinimalGcp + "\noneq-order-infra:cluster:\n  kubernetesVersion:\n    secure: v1:AAAB",
            $"{P}:cluster.kubernetesVersion: got \"(secret)\"; expected a Kubernetes minor version such as 1.33, as plain text (this key is not secret: set it without --secret)"
        },
        {
            "secret where a mapping is expected",
            Config.MinimalGcp + "\noneq-order-infra:environment: test\noneq-order-infra:monitoring:\n  secure: v1:AAAB",
            $"{P}:monitoring: got \"(secret)\"; expected a mapping (an object of keys), as plain text (this key is not secret: set it without --secret)"
        },
        {
            "production stack whose receivers take no critical alerts",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  receivers:\n    - { name: chat, type: slack, severities: [warning] }\noneq-order-infra:monitoringSecrets:\n  chat:\n    secure: v1:AAAB",
            $"{P}:monitoring.receivers: got \"chat (warning)\"; expected in production, at least one receiver (slack, pagerduty, webhook or email) whose severities include critical: a production stack's pages must reach someone, not the null receiver"
        },
        {
            "receiver secret set in plain text",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  receivers:\n    - { name: oncall, type: pagerduty }\noneq-order-infra:monitoringSecrets:\n  oncall: plain-routing-key",
            $"{P}:monitoringSecrets.oncall: got \"(plain text)\"; expected a Pulumi secret: a webhook URL, routing key or password is never plain config (pulumi config set --secret --path '{P}:monitoringSecrets.oncall' <value>)"
        },
        {
            "receiver without its secret",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  receivers:\n    - { name: oncall, type: pagerduty }",
            $"{P}:monitoringSecrets.oncall: missing; expected the PagerDuty Events API v2 routing key of receiver oncall, as a Pulumi secret: pulumi config set --secret --path '{P}:monitoringSecrets.oncall' <value>"
        },
        {
            "email receiver without an address",
            Config.MinimalGcp + "\noneq-order-infra:monitoring:\n  receivers:\n    - { name: mail, type: email, from: am@oneq.example, smarthost: 'smtp.oneq.example:587' }\n    - { name: oncall, type: pagerduty }\noneq-order-infra:monitoringSecrets:\n  mail:\n    secure: v1:AAAB\n  oncall:\n    secure: v1:AAAB",
            $"{P}:monitoring.receivers[0].to: missing; expected the to of an email receiver"
        },
        {
            "availability objective out of range",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - { name: pg, slo: { availability: 90 } }\noneq-order-infra:calls: []",
            $"{P}:services[0].slo.availability: got \"90\"; expected a percentage from 95 to 99.99, such as 99.9 (the share of inbound requests that succeed)"
        },
        {
            "service name not a DNS-1123 label",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: Card_Co\noneq-order-infra:calls: []",
            $"{P}:services[0].name: got \"Card_Co\"; expected a DNS-1123 label of at most 40 characters (lowercase letters, digits and '-', starting with a letter); it names a namespace and the objects derived from it"
        },
        {
            "service named after a system namespace",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: monitoring\noneq-order-infra:calls: []",
            $"{P}:services[0].name: got \"monitoring\"; expected a name that is not a system namespace (default, gateway-system, kube-node-lease, kube-public, kube-system, linkerd, linkerd-cni, linkerd-viz, monitoring, kube-*)"
        },
        {
            "service named kube-something",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: kube-payments\noneq-order-infra:calls: []",
            $"{P}:services[0].name: got \"kube-payments\"; expected a name that is not a system namespace (default, gateway-system, kube-node-lease, kube-public, kube-system, linkerd, linkerd-cni, linkerd-viz, monitoring, kube-*)"
        },
        {
            "duplicate service",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: pg\n  - name: pg\noneq-order-infra:calls: []",
            $"{P}:services[1].name: got \"pg\"; expected a service name used once"
        },
        {
            "service on a Linkerd proxy port",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - name: pg\n    port: 4143\noneq-order-infra:calls: []",
            $"{P}:services[0].port: got \"4143\"; expected a port other than Linkerd's proxy ports 4140, 4143, 4190 and 4191"
        },
        {
            "service without a name",
            Config.MinimalGcp + "\noneq-order-infra:services:\n  - port: 8080\noneq-order-infra:calls: []",
            $"{P}:services[0].name: missing; expected a DNS-1123 label such as pg"
        },
        {
            "no services",
            Config.MinimalGcp + "\noneq-order-infra:services: []\noneq-order-infra:calls: []",
            $"{P}:services: got \"an empty list\"; expected at least one service"
        },
        {
            "call from an unknown service",
            Config.MinimalGcp + "\noneq-order-infra:calls:\n  - from: shop\n    to: pg",
            $"{P}:calls[0].from: got \"shop\"; expected a declared service (oneq-order, pg, appcard, card, bank)"
        },
        {
            "call to an unknown service",
            Config.MinimalGcp + "\noneq-order-infra:calls:\n  - from: pg\n    to: visa",
            $"{P}:calls[0].to: got \"visa\"; expected a declared service (oneq-order, pg, appcard, card, bank)"
        },
        {
            "call to itself",
            Config.MinimalGcp + "\noneq-order-infra:calls:\n  - from: pg\n    to: pg",
            $"{P}:calls[0].to: got \"pg\"; expected a service other than the caller (calls within a namespace need no declaration)"
        },
        {
            "call declared twice",
            Config.MinimalGcp + "\noneq-order-infra:calls:\n  - from: pg\n    to: bank\n  - from: pg\n    to: bank",
            $"{P}:calls[1]: got \"pg -> bank\"; expected each call declared once"
        },
    };

    public static TheoryData<string, string, string> AwsRules => new()
    {
        {
            "missing aws region",
            "oneq-order-infra:cloud: aws",
            "aws:region: missing; expected the AWS region the stack lives in, e.g. ap-northeast-2 (required when cloud is aws)"
        },
        {
            "one zone on aws",
            Config.MinimalAws + "\noneq-order-infra:network:\n  zones: 1",
            $"{P}:network.zones: got \"1\"; expected a whole number from 2 to 6 on aws (EKS needs subnets in at least two availability zones)"
        },
        {
            "zones above the range",
            Config.MinimalAws + "\noneq-order-infra:network:\n  zones: 7",
            $"{P}:network.zones: got \"7\"; expected a whole number from 1 to 6"
        },
        {
            "vpc larger than AWS allows",
            Config.MinimalAws + "\noneq-order-infra:network:\n  cidr: 10.0.0.0/12",
            $"{P}:network.cidr: got \"10.0.0.0/12\"; expected a prefix length from /16 to /28 (AWS VPC limits)"
        },
        {
            "vpc too small for its subnets",
            Config.MinimalAws + "\noneq-order-infra:network:\n  cidr: 10.0.0.0/20",
            $"{P}:network.cidr: got \"10.0.0.0/20\"; expected a range that holds 3 private /20 and 3 public /24 subnets (at least a /18)"
        },
        {
            "subnet prefix outside AWS limits",
            Config.MinimalAws + "\noneq-order-infra:network:\n  publicSubnetPrefixLength: 29",
            $"{P}:network.publicSubnetPrefixLength: got \"29\"; expected a whole number from 16 to 28"
        },
        {
            "secret provider key",
            "oneq-order-infra:cloud: aws\naws:region:\n  secure: v1:AAAB",
            "aws:region: got \"(secret)\"; expected the AWS region the stack lives in, e.g. ap-northeast-2 (required when cloud is aws), as plain text (this key is not secret: set it without --secret)"
        },
    };

    [Theory]
    [MemberData(nameof(GcpRules))]
    [MemberData(nameof(AwsRules))]
    public void Each_rule_reports_its_key_value_and_expectation_word_for_word(string rule, string yaml, string message)
    {
        var source = Config.FromYaml("rules", yaml);

        var errors = StackConfiguration.Load(source).Errors;

        Assert.True(errors.Count == 1, $"{rule}: expected one error, got:\n{string.Join("\n", errors.Select(e => e.Message))}");
        Assert.Equal(message, errors[0].Message);
    }

    [Fact]
    public void A_prod_stack_cannot_call_itself_a_test_stack()
    {
        var source = Config.FromYaml("prod-eu", Config.MinimalAws + "\noneq-order-infra:environment: test");

        var errors = StackConfiguration.Load(source).Errors;

        Assert.Equal(
            [$"{P}:environment: got \"test\"; expected production for stack 'prod-eu' (a prod stack cannot relax guardrails)"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void A_malformed_stack_file_names_the_line_and_the_parser_complaint()
    {
        var result = StackFile.Parse("broken", "config:\n  oneq-order-infra:cloud: gcp\n  oneq-order-infra:cloud: aws\n");

        Assert.Null(result.Source);
        Assert.Equal(
            ["Pulumi.broken.yaml (line 3, column 3): got \"duplicate key oneq-order-infra:cloud\"; expected each key once per mapping"],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void A_stack_file_without_config_says_what_it_needs()
    {
        var result = StackFile.Parse("empty", "encryptionsalt: abc\n");

        Assert.Equal(
            ["Pulumi.empty.yaml: config: missing; expected a `config:` mapping of keys such as oneq-order-infra:cloud"],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void A_missing_stack_file_names_the_path_looked_for_and_a_missing_folder()
    {
        var root = Path.Combine(Path.GetTempPath(), "oneq-no-such-root");

        var result = StackFile.Load(root, "qa");

        Assert.Equal(
            [$"Pulumi.qa.yaml: missing; expected a stack file at {Path.Combine(root, "Pulumi.qa.yaml")}; no such file (the folder {root} does not exist)"],
            result.Errors.Select(e => e.Message));
    }
}
