using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Kubernetes;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Planning;

/// <summary>
/// The preview identities' RBAC covers every kind the stacks manage and writes nothing. The kinds are read from the
/// objects each stack renders (parsed back from YAML) and the Helm releases it installs; the resource names come from
/// the Kubernetes client's own API metadata (<see cref="KubernetesEntityAttribute"/>) for built-in kinds and from the
/// CRDs for custom ones, not from the planner's pluraliser.
/// </summary>
public sealed class PreviewAccessTests
{
    /// <summary>The plural names the custom resources' CRDs declare (spec.names.plural of each CRD).</summary>
    private static readonly Dictionary<(string Group, string Kind), string> CustomResourcePlurals = new()
    {
        [("policy.linkerd.io", "Server")] = "servers",
        [("policy.linkerd.io", "AuthorizationPolicy")] = "authorizationpolicies",
        [("policy.linkerd.io", "MeshTLSAuthentication")] = "meshtlsauthentications",
        [("policy.linkerd.io", "NetworkAuthentication")] = "networkauthentications",
        [("policy.linkerd.io", "HTTPRoute")] = "httproutes",
        [("monitoring.coreos.com", "PodMonitor")] = "podmonitors",
        [("monitoring.coreos.com", "ServiceMonitor")] = "servicemonitors",
        [("monitoring.coreos.com", "PrometheusRule")] = "prometheusrules",

        // The edge's kinds (issue 12): the plurals of their CRDs (Gateway API v1.6.1 standard, Envoy Gateway v1.9.0, cert-manager v1.21.1).
        [("gateway.networking.k8s.io", "GatewayClass")] = "gatewayclasses",
        [("gateway.networking.k8s.io", "Gateway")] = "gateways",
        [("gateway.networking.k8s.io", "HTTPRoute")] = "httproutes",
        [("gateway.envoyproxy.io", "EnvoyProxy")] = "envoyproxies",
        [("gateway.envoyproxy.io", "ClientTrafficPolicy")] = "clienttrafficpolicies",
        [("gateway.envoyproxy.io", "BackendTrafficPolicy")] = "backendtrafficpolicies",
        [("cert-manager.io", "ClusterIssuer")] = "clusterissuers",
        [("cert-manager.io", "Certificate")] = "certificates",
    };

    private static readonly Dictionary<(string Group, string Kind), string> BuiltInPlurals = typeof(V1Namespace).Assembly.GetTypes()
        .Select(t => t.GetCustomAttribute<KubernetesEntityAttribute>())
        .OfType<KubernetesEntityAttribute>()
        .GroupBy(a => (a.Group ?? string.Empty, a.Kind))
        .ToDictionary(g => g.Key, g => g.First().PluralName);

    public static TheoryData<string> Stacks() => ["dev", "prod"];

    private static PlatformPlan Plan(string stack) => PlatformPlanner.Build(Repository.Validated(stack));

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_rendered_kind_is_readable_and_secrets_only_where_refresh_reads_them(string stack)
    {
        // Arrange: what the stack applies, read back from the rendered files.
        var plan = Plan(stack);
        var documents = RenderedDocuments.Parse(LayerOutput.Files(plan).Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal))).ToList();
        var access = plan.PreviewAccess;

        // Act
        var missing = new List<string>();
        foreach (var document in documents)
        {
            var (group, kind) = GroupAndKind(document);
            var plural = BuiltInPlurals.TryGetValue((group, kind), out var p) ? p
                : CustomResourcePlurals.TryGetValue((group, kind), out var c) ? c
                : throw new Xunit.Sdk.XunitException($"{group}/{kind}: no API metadata to check its resource name against; add the CRD's plural");
            var readable = (group, plural) == (string.Empty, "secrets")
                ? access.SecretNamespaces.Contains((string?)document["metadata"]?["namespace"] ?? string.Empty)
                : access.ClusterRules.Contains(new RbacRule(group, plural));
            if (!readable)
            {
                missing.Add($"{kind}.{group} ({plural})");
            }
        }

        // Assert: every kind is covered, and no rule reads a kind the stack does not manage (CRDs come from URLs).
        Assert.NotEmpty(documents);
        Assert.Empty(missing);
        var managed = documents.Select(GroupAndKind)
            .Select(k => new RbacRule(k.Group, BuiltInPlurals.GetValueOrDefault(k) ?? CustomResourcePlurals[k]))
            .Append(PreviewAccessPlanner.CustomResourceDefinitions)
            .Where(r => r != new RbacRule(string.Empty, "secrets"))
            .ToHashSet();
        Assert.Equal(managed.OrderBy(r => r.ToString(), StringComparer.Ordinal), access.ClusterRules.OrderBy(r => r.ToString(), StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Secrets_are_readable_in_every_helm_release_namespace_and_where_the_grafana_admin_secret_lives(string stack)
    {
        var plan = Plan(stack);

        var needed = plan.Mesh.Releases.Select(r => r.Namespace).Append(plan.Monitoring.Release.Namespace).Append(plan.Monitoring.Namespace)
            .Concat(plan.Edge?.Releases.Select(r => r.Namespace) ?? [])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        Assert.Equal(needed, plan.PreviewAccess.SecretNamespaces);
        Assert.DoesNotContain(new RbacRule(string.Empty, "secrets"), plan.PreviewAccess.ClusterRules);
    }

    [Fact]
    public void The_rules_grant_read_verbs_only()
    {
        Assert.Equal(["get", "list", "watch"], RbacRule.ReadVerbs);
    }

    [Theory]
    [InlineData("prod", "Group", "oneq-order-infra:preview")]
    [InlineData("dev", "User", "oneq-preview-dev@oneq-order-dev.iam.gserviceaccount.com")]
    public void The_previewers_are_the_subjects_eks_by_their_access_entry_group_gke_by_email(string stack, string kind, string name)
    {
        var subject = Assert.Single(Plan(stack).PreviewAccess.Subjects);

        Assert.Equal(new RbacSubject(kind, name), subject);
    }

    [Theory]
    [InlineData("NetworkPolicy", "networkpolicies")]
    [InlineData("Namespace", "namespaces")]
    [InlineData("Ingress", "ingresses")]
    [InlineData("AuthorizationPolicy", "authorizationpolicies")]
    [InlineData("Gateway", "gateways")]
    public void Plural_follows_the_api_machinerys_rule(string kind, string plural)
    {
        Assert.Equal(plural, PreviewAccessPlanner.Plural(kind));
    }

    private static (string Group, string Kind) GroupAndKind(JsonObject document)
    {
        var apiVersion = (string)document["apiVersion"]!;
        return (apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion.Split('/')[0] : string.Empty, (string)document["kind"]!);
    }
}
