using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;
using k8s.Models;
using static OneQOrder.Platform.Kubernetes.NetworkPolicyBuilder;

namespace OneQOrder.Platform.Kubernetes;

/// <summary>Everything one service namespace holds, as frozen objects in apply order, and the file they render to.</summary>
/// <param name="Tenant">The service.</param>
/// <param name="Objects">Namespace first, then ServiceAccounts, quota, NetworkPolicies and Linkerd policy; typed copies with <see cref="FrozenManifest.Thaw"/>.</param>
public sealed record ServiceNamespace(Tenant Tenant, IReadOnlyList<FrozenManifest> Objects)
{
    public IReadOnlyList<FrozenManifest> Objects { get; init => field = ValueList.From(value); } = ValueList.From(Objects);

    /// <summary>The rendered file <c>namespaces/&lt;name&gt;.yaml</c>.</summary>
    public RenderedManifest Render() => new($"namespaces/{Tenant.Name}.yaml", () => ManifestYaml.Render(Objects));
}

/// <summary>
/// Derives each service namespace from the tenant catalogue: Pod Security labels, mesh annotations, quota, the
/// default-deny NetworkPolicies with their explicit allows, and the Linkerd authorizations. NetworkPolicies and
/// Linkerd policy come from the same call matrix, so L3/L4 and identity-based rules cannot disagree (DESIGN.md).
/// </summary>
public static class ServiceNamespaces
{
    /// <summary>Names of the rendered policies, spelled once (tests and docs refer to them).</summary>
    public const string DefaultDeny = NetworkPolicyBuilder.DefaultDenyName;
    public const string AllowDns = "allow-dns";
    public const string AllowLinkerdControlPlane = "allow-linkerd-control-plane";
    public const string AllowMeshIngress = "allow-mesh-ingress-from-callers";
    public const string AllowMeshEgress = "allow-mesh-egress-to-callees";
    public const string AllowGatewayIngress = "allow-mesh-ingress-from-gateway";
    public const string GatewayAuthentication = "gateway";
    public const string AllowMetricsScrape = "allow-metrics-scrape-from-monitoring";
    public const string AllowTap = "allow-tap-from-linkerd-viz";
    public const string AllowCredentials = "allow-cloud-credentials";
    public const string AllowDeclaredEgress = "allow-declared-egress";
    public const string AdminServer = "linkerd-admin";
    public const string ScrapeAuthentication = "monitoring-pods";

    /// <summary>Builds every service namespace of the catalogue.</summary>
    /// <param name="validated">The stack settings (namespace defaults, mesh switches, cluster version).</param>
    /// <param name="tenants">The tenant catalogue.</param>
    /// <param name="podNetworks">The CIDRs pods get addresses from: what an unmeshed Prometheus scrapes from (see <see cref="ScrapePolicy"/>).</param>
    /// <param name="identities">Each service's cloud identity: the annotations its ServiceAccount needs (GKE Workload Identity).</param>
    public static IReadOnlyList<ServiceNamespace> Build(ValidatedSettings validated, TenantCatalogue tenants, IReadOnlyList<string> podNetworks,
        IReadOnlyList<WorkloadIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(podNetworks);
        ArgumentNullException.ThrowIfNull(identities);
        var podSecurity = new PodSecurity(settings.Namespaces.PodSecurity, settings.Namespaces.PodSecurity, PodSecurity.VersionOf(settings.Cluster.KubernetesVersion));
        var identityOf = identities.ToDictionary(i => i.Tenant.Name, StringComparer.Ordinal);
        return tenants.Tenants.Select(t => new ServiceNamespace(t, FrozenManifest.OwnAll(Objects(settings, tenants, t, identityOf[t.Name], podSecurity, podNetworks)))).ToList();
    }

    private static List<object> Objects(StackSettings settings, TenantCatalogue tenants, Tenant tenant, WorkloadIdentity identity, PodSecurity podSecurity, IReadOnlyList<string> podNetworks)
    {
        var ns = tenant.Namespace;
        var objects = new List<object>
        {
            Namespace(settings, tenant, podSecurity),

            // The namespace's default ServiceAccount is patched to not automount (Pulumi adopts it with a patch
            // resource); the service's own ServiceAccount is its mesh identity and, through its annotations (GKE) or
            // the Pod Identity association (EKS), its cloud identity (guardrail #19).
            KubeObjects.ServiceAccount("default", ns),
            KubeObjects.ServiceAccount(tenant.ServiceAccount, ns, identity.ServiceAccountAnnotations),
            Quota(tenant),
            Limits(settings.Namespaces.ContainerDefaults, ns),
        };
        objects.AddRange(NetworkPolicies(settings, tenants, tenant));
        objects.AddRange(EgressPolicies(settings, tenant, identity));
        objects.AddRange(ServicePolicy(tenants, tenant));
        objects.AddRange(GatewayPolicy(settings, tenant));
        objects.AddRange(ScrapePolicy(ns, podNetworks));
        return objects;
    }

    private static V1Namespace Namespace(StackSettings settings, Tenant tenant, PodSecurity podSecurity)
    {
        var annotations = new Dictionary<string, string>
        {
            // Per-namespace default for pods without a Server (linkerd.io/2/reference/authorization-policy).
            ["config.linkerd.io/default-inbound-policy"] = settings.Mesh.DefaultInboundPolicy,
        };
        if (settings.Mesh.Injection)
        {
            // Injection is the namespace annotation, not a label (DESIGN.md, Linkerd facts).
            annotations["linkerd.io/inject"] = "enabled";
        }

        return KubeObjects.Namespace(tenant.Namespace, podSecurity, [new("app.kubernetes.io/part-of", "oneq-order")], annotations);
    }

    private static V1ResourceQuota Quota(Tenant tenant) => new()
    {
        ApiVersion = "v1",
        Kind = "ResourceQuota",
        Metadata = KubeObjects.Meta("quota", tenant.Namespace),
        Spec = new V1ResourceQuotaSpec
        {
            // Requests and limits both capped: the LimitRange gives every container both, so both are countable.
            Hard = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
            {
                ["limits.cpu"] = new(tenant.Quota.Cpu),
                ["limits.memory"] = new(tenant.Quota.Memory),
                ["pods"] = new(tenant.Quota.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ["requests.cpu"] = new(tenant.Quota.Cpu),
                ["requests.memory"] = new(tenant.Quota.Memory),
            },
        },
    };

    private static V1LimitRange Limits(ResourceSettings defaults, string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "LimitRange",
        Metadata = KubeObjects.Meta("container-defaults", ns),
        Spec = new V1LimitRangeSpec
        {
            Limits =
            [
                new V1LimitRangeItem
                {
                    Type = "Container",
                    DefaultRequest = Resources(defaults.CpuRequest, defaults.MemoryRequest),
                    DefaultProperty = Resources(defaults.CpuLimit, defaults.MemoryLimit),
                },
            ],
        },
    };

    private static SortedDictionary<string, ResourceQuantity> Resources(string cpu, string memory) =>
        new(StringComparer.Ordinal) { ["cpu"] = new(cpu), ["memory"] = new(memory) };

    /// <summary>
    /// Default deny both ways (GUARDRAILS #4, PCI 1.3.1/1.3.2), then exactly: DNS to kube-system, the Linkerd control
    /// plane, 4143 from the declared callers and to the declared callees (GUARDRAILS #28: meshed traffic arrives on
    /// the proxy's inbound port), 4191 from monitoring and 4190 (tap) from linkerd-viz. Nothing opens the application port itself: every call
    /// between services is meshed.
    /// </summary>
    internal static IEnumerable<V1NetworkPolicy> NetworkPolicies(StackSettings settings, TenantCatalogue tenants, Tenant tenant)
    {
        var ns = tenant.Namespace;
        if (settings.Namespaces.DefaultDeny)
        {
            yield return NetworkPolicyBuilder.DefaultDeny(ns);
        }

        yield return DnsPolicy(ns);
        yield return LinkerdControlPlanePolicy(ns);

        // A rule without peers would allow every source: the policies exist only when the matrix names someone.
        var callers = tenants.CallersOf(tenant.Name);
        if (callers.Count > 0)
        {
            yield return Policy(AllowMeshIngress, ns, Ingress(
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty = callers.Select(c => Peer(c.Namespace)).ToList(),
                    Ports = [Port(PlatformPorts.ProxyInbound, "TCP")],
                },
            ]));
        }

        var callees = tenants.CalleesOf(tenant.Name);
        if (callees.Count > 0)
        {
            yield return Policy(AllowMeshEgress, ns, Egress(
            [
                new V1NetworkPolicyEgressRule
                {
                    To = callees.Select(c => Peer(c.Namespace)).ToList(),
                    Ports = [Port(PlatformPorts.ProxyInbound, "TCP")],
                },
            ]));
        }

        yield return Policy(AllowMetricsScrape, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = [Peer(PlatformNamespaces.Monitoring)],
                Ports = [Port(PlatformPorts.ProxyAdmin, "TCP")],
            },
        ]));

        // `linkerd viz tap` streams requests from each proxy's tap port to linkerd-viz's tap server; the proxy checks
        // the caller is tap's mesh identity, NetworkPolicy narrows it to the linkerd-viz namespace.
        yield return Policy(AllowTap, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = [Peer(PlatformNamespaces.LinkerdViz)],
                Ports = [Port(PlatformPorts.ProxyTap, "TCP")],
            },
        ]));
    }

    /// <summary>Egress to cluster DNS in kube-system, UDP and TCP: what every pod of a default-deny namespace needs first.</summary>
    internal static V1NetworkPolicy DnsPolicy(string ns) => Policy(AllowDns, ns, Egress(
    [
        new V1NetworkPolicyEgressRule
        {
            To = [Peer(PlatformNamespaces.KubeSystem)],
            Ports = [Port(PlatformPorts.Dns, "UDP"), Port(PlatformPorts.Dns, "TCP")],
        },
    ]));

    /// <summary>Egress to the Linkerd control plane's three ports: what every meshed pod's proxy needs for identity, discovery and policy.</summary>
    internal static V1NetworkPolicy LinkerdControlPlanePolicy(string ns) => Policy(AllowLinkerdControlPlane, ns, Egress(
    [
        new V1NetworkPolicyEgressRule
        {
            To = [Peer(PlatformNamespaces.Linkerd)],
            Ports = PlatformPorts.LinkerdControlPlane.Order().Select(p => Port(p, "TCP")).ToList(),
        },
    ]));

    /// <summary>
    /// The service's egress beyond the cluster: exactly its cloud credential endpoint (guardrail WI-02; without it every
    /// SDK call fails for want of credentials), and the destinations the stack declares for it (<c>services[].egress</c>,
    /// none by default). A declared range that contains the network (0.0.0.0/0) excepts the network and the link-local
    /// range, so it opens neither another service (the call matrix does that) nor the node's metadata.
    /// </summary>
    internal static IEnumerable<V1NetworkPolicy> EgressPolicies(StackSettings settings, Tenant tenant, WorkloadIdentity identity)
    {
        var ns = tenant.Namespace;
        yield return Policy(AllowCredentials, ns, Egress(identity.CredentialEndpoints
            .Select(e => new V1NetworkPolicyEgressRule { To = [Addresses(e.Cidr)], Ports = [Port(e.Port, "TCP")] })
            .ToList()));

        var declared = settings.Services.Single(s => s.Name == tenant.Name).Egress;
        if (declared.Count == 0)
        {
            yield break;
        }

        var network = System.Net.IPNetwork.Parse(settings.Network.Cidr);
        var linkLocal = System.Net.IPNetwork.Parse("169.254.0.0/16");
        V1NetworkPolicyPeer Peer(string cidr)
        {
            var range = System.Net.IPNetwork.Parse(cidr);
            var except = new[] { network, linkLocal }
                .Where(inner => inner.BaseAddress.AddressFamily == range.BaseAddress.AddressFamily && range.PrefixLength <= inner.PrefixLength && range.Contains(inner.BaseAddress))
                .Select(inner => inner.ToString())
                .ToList();
            return new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr, Except = except.Count > 0 ? except : null } };
        }

        yield return Policy(AllowDeclaredEgress, ns, Egress(declared
            .Select(e => new V1NetworkPolicyEgressRule { To = [Peer(e.Cidr)], Ports = [Port(e.Port, "TCP")] })
            .ToList()));
    }

    /// <summary>
    /// The service's Server on its port and, when the matrix names callers, an AuthorizationPolicy requiring a
    /// MeshTLSAuthentication of exactly their identities. A Server with no authorization denies every client, so a
    /// service nobody may call (oneq-order, reached from the edge) is closed inside the mesh too.
    /// </summary>
    internal static IEnumerable<object> ServicePolicy(TenantCatalogue tenants, Tenant tenant)
    {
        var ns = tenant.Namespace;
        yield return new LinkerdServer(KubeObjects.Meta(tenant.Name, ns), new ServerSpec(KubeObjects.AllPods(), tenant.Port, "unknown", "deny"));
        var callers = tenants.CallersOf(tenant.Name);
        if (callers.Count == 0)
        {
            yield break;
        }

        var authentication = $"{tenant.Name}-callers";
        yield return new MeshTlsAuthentication(KubeObjects.Meta(authentication, ns), new MeshTlsAuthenticationSpec(callers.Select(c => c.MeshIdentity).ToList()));
        yield return new AuthorizationPolicy(
            KubeObjects.Meta(authentication, ns),
            new AuthorizationPolicySpec(PolicyRefs.Server(tenant.Name), [PolicyRefs.MeshTls(authentication)]));
    }

    /// <summary>True when the gateway routes to <paramref name="tenant"/>: it is public and the stack has an entry.</summary>
    public static bool IsReachedByGateway(StackSettings settings, Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.Public && settings.Ingress is not null;
    }

    /// <summary>The gateway's mTLS identity: the Envoy pods' ServiceAccount in the gateway namespace.</summary>
    public static string GatewayIdentity => Tenant.Identity(PlatformNamespaces.GatewayProxyServiceAccount, PlatformNamespaces.Gateway);

    /// <summary>
    /// A public service's admission of the gateway (issue 12), in both layers: a NetworkPolicy letting the gateway
    /// namespace reach the proxy's inbound port (the Envoy pods' Linkerd proxy connects there with mTLS, as every
    /// meshed caller does), and an AuthorizationPolicy on the service's Server requiring a MeshTLSAuthentication of
    /// exactly the gateway's identity, so only the Envoy pods' ServiceAccount, and only on the service port the
    /// Server selects, is let in. A service that is not public gets neither: the gateway cannot reach it.
    /// </summary>
    internal static IEnumerable<object> GatewayPolicy(StackSettings settings, Tenant tenant)
    {
        if (!IsReachedByGateway(settings, tenant))
        {
            yield break;
        }

        var ns = tenant.Namespace;
        yield return Policy(AllowGatewayIngress, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = [Peer(PlatformNamespaces.Gateway)],
                Ports = [Port(PlatformPorts.ProxyInbound, "TCP")],
            },
        ]));
        yield return new MeshTlsAuthentication(KubeObjects.Meta(GatewayAuthentication, ns), new MeshTlsAuthenticationSpec([GatewayIdentity]));
        yield return new AuthorizationPolicy(
            KubeObjects.Meta(GatewayAuthentication, ns),
            new AuthorizationPolicySpec(PolicyRefs.Server(tenant.Name), [PolicyRefs.MeshTls(GatewayAuthentication)]));
    }

    /// <summary>
    /// Lets Prometheus scrape the proxies' admin port. Monitoring is deliberately NOT meshed: node-exporter runs with
    /// hostNetwork and cannot be, Prometheus scrapes kubelets, the API server and host-network targets that a proxy
    /// would only get in the way of, and Linkerd's "bring your own Prometheus" setup scrapes 4191 in plaintext. An
    /// unmeshed client has no mTLS identity, so the default policy (all-authenticated) would refuse it
    /// (linkerd2#10691, #9150): a Server on the named port <c>linkerd-admin</c> and an AuthorizationPolicy requiring
    /// a NetworkAuthentication of the pod networks admit it. That authentication is by address only; the
    /// <c>allow-metrics-scrape-from-monitoring</c> NetworkPolicy narrows it to the monitoring namespace at L3/L4.
    /// The proxy still authorizes kubelet probes (/live, /ready) on this Server: Linkerd allows probe paths by
    /// default on a Server without HTTPRoutes.
    /// </summary>
    internal static IEnumerable<object> ScrapePolicy(string ns, IReadOnlyList<string> podNetworks)
    {
        yield return new LinkerdServer(KubeObjects.Meta(AdminServer, ns), new ServerSpec(KubeObjects.AllPods(), PlatformPorts.ProxyAdminName, "HTTP/1", "deny"));
        yield return new NetworkAuthentication(KubeObjects.Meta(ScrapeAuthentication, ns), new NetworkAuthenticationSpec(podNetworks.Select(c => new AuthenticatedNetwork(c)).ToList()));
        yield return new AuthorizationPolicy(
            KubeObjects.Meta("prometheus-scrape", ns),
            new AuthorizationPolicySpec(PolicyRefs.Server(AdminServer), [PolicyRefs.Network(ScrapeAuthentication)]));
    }
}
