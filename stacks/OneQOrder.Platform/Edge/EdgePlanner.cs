using System.Globalization;
using k8s.Models;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;
using static OneQOrder.Platform.Kubernetes.NetworkPolicyBuilder;

namespace OneQOrder.Platform.Edge;

/// <summary>
/// Plans the public entry from the settings, the tenant catalogue and the network: everything above the cloud's L4
/// load balancer is the same on both clouds; only <see cref="LoadBalancerService"/>, the listener's PROXY protocol
/// and the load balancer's source addresses in the gateway's NetworkPolicy depend on it (EdgeParityTests).
/// </summary>
public static class EdgePlanner
{
    /// <summary>The gateway namespace.</summary>
    public const string GatewayNamespace = PlatformNamespaces.Gateway;

    /// <summary>The GatewayClass Envoy Gateway implements.</summary>
    public const string GatewayClassName = "envoy-gateway";

    /// <summary>The one Gateway, and the EnvoyProxy and traffic policies that belong to it.</summary>
    public const string GatewayName = "public";

    /// <summary>Envoy Gateway's controller name (gateway-helm v1.9.0 values <c>config.envoyGateway.gateway.controllerName</c>).</summary>
    public const string ControllerName = "gateway.envoyproxy.io/gatewayclass-controller";

    /// <summary>The ClusterIssuer of the listeners' certificates.</summary>
    public const string IssuerName = "acme";

    /// <summary>The plain-HTTP listener's name.</summary>
    public const string HttpListener = "http";

    /// <summary>The HTTPS port every hostname's listener takes on the load balancer.</summary>
    public const int HttpsPort = 443;

    /// <summary>The plain-HTTP port (redirect, or serve on a test stack).</summary>
    public const int HttpPort = 80;

    /// <summary>Release names: each chart's default ServiceAccount name is its release's fullname (see <see cref="PlatformNamespaces.CertManagerServiceAccount"/>).</summary>
    public const string CertManagerRelease = "cert-manager";

    /// <summary>external-dns's release.</summary>
    public const string ExternalDnsRelease = "external-dns";

    /// <summary>Envoy Gateway's release.</summary>
    public const string EnvoyGatewayRelease = "envoy-gateway";

    /// <summary>Names of the gateway namespace's NetworkPolicies (tests and docs refer to them).</summary>
    public const string AllowLoadBalancer = "allow-load-balancer";
    public const string AllowPublicServices = "allow-mesh-egress-to-public-services";
    public const string AllowXds = "allow-xds-to-envoy-gateway";
    public const string AllowMetricsScrape = ServiceNamespaces.AllowMetricsScrape;
    public const string DefaultDenyIngress = "default-deny-ingress";

    /// <summary>The job label of the Envoy pods' metrics (PodMonitor relabeling) and the controller's.</summary>
    public const string ProxyJob = "envoy-gateway-proxy";
    public const string ControllerJob = "envoy-gateway-controller";

    /// <summary>
    /// Google's documented source ranges of the health checks of external passthrough Network Load Balancers
    /// (cloud.google.com/load-balancing/docs/health-check-concepts, "Probe IP ranges and firewall rules": 35.191.0.0/16,
    /// 209.85.152.0/22, 209.85.204.0/22 for backend-service-based external passthrough NLBs).
    /// </summary>
    public static IReadOnlyList<string> GcpHealthCheckRanges { get; } = ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"];

    /// <summary>
    /// The Kubernetes minors Envoy Gateway v1.9 supports (envoyproxy/gateway v1.9.0 site/content/en/news/releases/matrix.md:
    /// v1.33 – v1.36). A stack with an ingress on another version runs an untested gateway; validation is where to refuse it.
    /// </summary>
    public static IReadOnlyList<string> EnvoyGatewayKubernetesVersions { get; } = ["1.33", "1.34", "1.35", "1.36"];

    /// <summary>The ACME directories (letsencrypt.org/docs/acme-protocol-updates and /docs/staging-environment).</summary>
    public static string AcmeDirectory(string server) => server == "staging"
        ? "https://acme-staging-v02.api.letsencrypt.org/directory"
        : "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>
    /// The Envoy Gateway CRD files of gateway-helm v1.9.0 (charts/gateway-helm/charts/crds/crds/generated at tag
    /// v1.9.0), fetched from the tag so the version is pinned with the chart.
    /// </summary>
    public static IReadOnlyList<string> EnvoyGatewayCrdUrls { get; } =
    [
        .. new[] { "backends", "backendtrafficpolicies", "clienttrafficpolicies", "envoyextensionpolicies", "envoypatchpolicies", "envoyproxies", "httproutefilters", "securitypolicies" }
            .Select(f => $"https://raw.githubusercontent.com/envoyproxy/gateway/{ChartCatalogue.EnvoyGateway.Version}/charts/gateway-helm/charts/crds/crds/generated/gateway.envoyproxy.io_{f}.yaml"),
    ];

    /// <summary>The edge, or null when the stack has no <c>ingress</c> (no public service).</summary>
    public static EdgePlan? Plan(ValidatedSettings validated, TenantCatalogue tenants, NetworkPlan network)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(network);
        var settings = validated.Settings;
        if (settings.Ingress is not { } ingress)
        {
            return null;
        }

        var publicTenants = tenants.Tenants.Where(t => ServiceNamespaces.IsReachedByGateway(settings, t)).ToList();
        var listeners = Listeners(ingress, publicTenants);
        return new EdgePlan
        {
            Namespace = GatewayNamespace,
            CrdUrls = EnvoyGatewayCrdUrls,
            Releases = Releases(settings, ingress),
            NamespaceObjects = FrozenManifest.OwnAll(NamespaceObjects(settings, ingress, publicTenants, network)),
            GatewayObjects = FrozenManifest.OwnAll(GatewayObjects(settings, ingress, listeners)),
            RouteObjects = FrozenManifest.OwnAll(Routes(ingress, publicTenants, listeners)),
        };
    }

    /// <summary>One HTTPS listener per hostname of a public service, in catalogue and declaration order.</summary>
    /// <param name="Tenant">The service the hostname belongs to.</param>
    /// <param name="Hostname">The hostname.</param>
    /// <param name="Name">The listener's name (<c>https-&lt;service&gt;-&lt;index&gt;</c>), also the Certificate's.</param>
    public sealed record HostnameListener(Tenant Tenant, string Hostname, string Name)
    {
        /// <summary>The Secret cert-manager writes the hostname's key pair to, and the listener terminates TLS with.</summary>
        public string SecretName => Name + "-tls";
    }

    /// <summary>The HTTPS listeners of the stack's hostnames.</summary>
    public static IReadOnlyList<HostnameListener> Listeners(IngressSettings ingress, IReadOnlyList<Tenant> publicTenants)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        ArgumentNullException.ThrowIfNull(publicTenants);
        return
        [
            .. publicTenants.SelectMany(t => (ingress.Hostnames.TryGetValue(t.Name, out var hosts) ? hosts : [])
                .Select((h, i) => new HostnameListener(t, h, string.Create(CultureInfo.InvariantCulture, $"https-{t.Name}-{i}")))),
        ];
    }

    // ---------------------------------------------------------------- namespaces and policies

    private static IEnumerable<object> NamespaceObjects(StackSettings settings, IngressSettings ingress, IReadOnlyList<Tenant> publicTenants, NetworkPlan network)
    {
        var version = PodSecurity.VersionOf(settings.Cluster.KubernetesVersion);

        // Every edge pod meets `restricted`: Envoy and its shutdown manager run as 65532 with every capability
        // dropped, no privilege escalation and the RuntimeDefault seccomp profile (envoyproxy/gateway v1.9.0
        // internal/infrastructure/kubernetes/resource/resource.go DefaultSecurityContext; the listener ports are moved
        // above 1024 so no NET_BIND_SERVICE is needed), the Linkerd proxy needs nothing more with linkerd2-cni
        // (GUARDRAILS #26), and the three charts' defaults set the same fields for the controller, certgen, cert-manager
        // and external-dns (values.yaml securityContext/containerSecurityContext at the pinned versions).
        var restricted = new PodSecurity("restricted", "restricted", version);
        yield return KubeObjects.Namespace(GatewayNamespace, restricted, [new("app.kubernetes.io/part-of", "oneq-edge")],
        [
            // Meshed: the Envoy pods' outbound calls to the services are mTLS with the gateway's identity. Nothing
            // meshed calls the gateway, so meshed inbound defaults to deny (the listener and stats ports skip the proxy).
            new("config.linkerd.io/default-inbound-policy", "deny"),
            new("linkerd.io/inject", "enabled"),
        ]);

        // Not meshed: the controller's xDS is its own mutual TLS with a token review of each Envoy pod (v1.9.0
        // internal/xds/server/kubejwt), cert-manager's webhook is called by the API server and both add-ons talk
        // only to the API server and cloud APIs; a proxy would add nothing the NetworkPolicies do not give.
        foreach (var ns in new[] { PlatformNamespaces.EnvoyGatewaySystem, PlatformNamespaces.CertManager, PlatformNamespaces.ExternalDns })
        {
            yield return KubeObjects.Namespace(ns, restricted, [new("app.kubernetes.io/part-of", "oneq-edge")], [new("linkerd.io/inject", "disabled")]);
        }

        foreach (var policy in GatewayPolicies(settings, ingress, publicTenants, network))
        {
            yield return policy;
        }

        foreach (var policy in AddOnPolicies(network))
        {
            yield return policy;
        }

        // The proxies' admin port, scraped by the unmeshed Prometheus: the service namespaces' scrape authorization.
        foreach (var o in ServiceNamespaces.ScrapePolicy(GatewayNamespace, PodNetworks.Of(network)))
        {
            yield return o;
        }
    }

    /// <summary>
    /// The addresses the load balancer's connections come from, as the Envoy pods see them. AWS: the NLB reaches IP
    /// targets from its own private addresses in the public subnets it is placed in (client IP preservation is off by
    /// default for IP targets: aws-load-balancer-controller docs/guide/service/annotations.md, "preserve client IP is
    /// disabled by default for IP targets"), and the client's address arrives in the PROXY protocol v2 header; who
    /// may reach the NLB at all is its security group, from <c>loadBalancerSourceRanges</c>. GKE: the external
    /// passthrough NLB keeps the client's address (externalTrafficPolicy Local), so the sources are
    /// <c>ingress.sourceCidrs</c> plus Google's health-check ranges.
    /// </summary>
    public static IReadOnlyList<string> LoadBalancerSources(StackSettings settings, NetworkPlan network)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(network);
        var ingress = settings.Ingress ?? throw new ArgumentException("the stack has no ingress", nameof(settings));
        IEnumerable<string> sources = settings.Cloud == Cloud.Aws
            ? network.PublicSubnets.Select(s => s.Cidr)
            : ingress.SourceCidrs.Concat(GcpHealthCheckRanges);
        return [.. sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The Envoy container ports of the listeners (after Envoy Gateway's privileged-port shift).</summary>
    public static IReadOnlyList<int> ListenerContainerPorts(IngressSettings ingress)
    {
        ArgumentNullException.ThrowIfNull(ingress);
        return ingress.Http == "off"
            ? [PlatformPorts.EnvoyContainerPort(HttpsPort)]
            : [PlatformPorts.EnvoyContainerPort(HttpPort), PlatformPorts.EnvoyContainerPort(HttpsPort)];
    }

    /// <summary>
    /// The gateway namespace: default deny both ways, then exactly: the listener container ports from the load
    /// balancer's sources; the proxies' inbound port of the public services' namespaces (and no other namespace);
    /// cluster DNS; the Linkerd control plane; Envoy Gateway's xDS port; and scrapes of the proxy admin and Envoy
    /// stats ports from monitoring.
    /// </summary>
    private static IEnumerable<V1NetworkPolicy> GatewayPolicies(StackSettings settings, IngressSettings ingress, IReadOnlyList<Tenant> publicTenants, NetworkPlan network)
    {
        const string ns = GatewayNamespace;
        yield return NetworkPolicyBuilder.DefaultDeny(ns);
        yield return Policy(AllowLoadBalancer, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = [.. LoadBalancerSources(settings, network).Select(Addresses)],
                Ports = [.. ListenerContainerPorts(ingress).Select(p => Port(p, "TCP"))],
            },
        ]));
        if (publicTenants.Count > 0)
        {
            yield return Policy(AllowPublicServices, ns, Egress(
            [
                new V1NetworkPolicyEgressRule
                {
                    To = [.. publicTenants.Select(t => Peer(t.Namespace))],
                    Ports = [Port(PlatformPorts.ProxyInbound, "TCP")],
                },
            ]));
        }

        yield return ServiceNamespaces.DnsPolicy(ns);
        yield return ServiceNamespaces.LinkerdControlPlanePolicy(ns);
        yield return Policy(AllowXds, ns, Egress(
        [
            new V1NetworkPolicyEgressRule { To = [Peer(PlatformNamespaces.EnvoyGatewaySystem)], Ports = [Port(PlatformPorts.EnvoyGatewayXds, "TCP")] },
        ]));
        yield return Policy(AllowMetricsScrape, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = [Peer(PlatformNamespaces.Monitoring)],
                Ports = [Port(PlatformPorts.ProxyAdmin, "TCP"), Port(PlatformPorts.EnvoyStats, "TCP")],
            },
        ]));
    }

    /// <summary>
    /// The add-on namespaces deny every inbound connection but what they serve: the Envoy Gateway controller its xDS
    /// port to the gateway namespace, its topology-injector webhook and cert-manager's webhook to the API server, the
    /// controller's metrics to monitoring. Their egress is left open, deliberately: cert-manager talks to the ACME
    /// directory, Route 53 / Cloud DNS and public resolvers (its DNS-01 propagation check), external-dns to the DNS
    /// API, all of them to the API server; those are public endpoints whose addresses change, and a NetworkPolicy can
    /// only name addresses, so an egress rule would be 0.0.0.0/0:443 in all but name. Their cloud identities (CloudResources: zone-scoped DNS rights)
    /// are what limit what they can do there.
    /// </summary>
    private static IEnumerable<V1NetworkPolicy> AddOnPolicies(NetworkPlan network)
    {
        var apiServer = PodNetworks.ApiServerOf(network);
        foreach (var ns in new[] { PlatformNamespaces.EnvoyGatewaySystem, PlatformNamespaces.CertManager, PlatformNamespaces.ExternalDns })
        {
            yield return Policy(DefaultDenyIngress, ns, new V1NetworkPolicySpec { PodSelector = KubeObjects.AllPods(), PolicyTypes = ["Ingress"] });
        }

        yield return Policy("allow-xds-from-gateway", PlatformNamespaces.EnvoyGatewaySystem, Ingress(
        [
            new V1NetworkPolicyIngressRule { FromProperty = [Peer(GatewayNamespace)], Ports = [Port(PlatformPorts.EnvoyGatewayXds, "TCP")] },
            new V1NetworkPolicyIngressRule { FromProperty = [.. apiServer.Select(Addresses)], Ports = [Port(PlatformPorts.EnvoyGatewayWebhook, "TCP")] },
            new V1NetworkPolicyIngressRule { FromProperty = [Peer(PlatformNamespaces.Monitoring)], Ports = [Port(PlatformPorts.EnvoyGatewayMetrics, "TCP")] },
        ]));
        yield return Policy("allow-webhook-from-api-server", PlatformNamespaces.CertManager, Ingress(
        [
            new V1NetworkPolicyIngressRule { FromProperty = [.. apiServer.Select(Addresses)], Ports = [Port(PlatformPorts.CertManagerWebhook, "TCP")] },
        ]));
    }

    // ---------------------------------------------------------------- gateway objects

    private static IEnumerable<object> GatewayObjects(StackSettings settings, IngressSettings ingress, IReadOnlyList<HostnameListener> listeners)
    {
        yield return new GatewayClass(
            KubeObjects.Meta(GatewayClassName),
            new GatewayClassSpec(ControllerName, new ParametersReference(EnvoyGatewayGroup.Group, "EnvoyProxy", GatewayName, GatewayNamespace)));
        yield return EnvoyProxy(settings, ingress);
        yield return Gateway(ingress, listeners);
        yield return ClientPolicy(settings, ingress);
        yield return BackendPolicy(ingress);
        yield return Issuer(settings, ingress);
        foreach (var listener in listeners)
        {
            yield return new Certificate(
                KubeObjects.Meta(listener.Name, GatewayNamespace),
                new CertificateSpec(
                    listener.SecretName,
                    [listener.Hostname],
                    new IssuerReference(IssuerName, "ClusterIssuer", CertManagerGroup.Group),

                    // A new ECDSA P-256 key at every renewal: a leaked key outlives at most one certificate.
                    new CertificatePrivateKey("ECDSA", 256, "Always")));
        }

        foreach (var monitor in PodMonitors())
        {
            yield return monitor;
        }

        yield return Dashboards.Gateway(ProxyJob, ControllerJob);
    }

    /// <summary>The Envoy pods' labels (v1.9.0 internal/infrastructure/kubernetes/proxy/resource.go EnvoyAppLabel, translator.go OwningGatewayNameLabel).</summary>
    private static SortedDictionary<string, string> EnvoyPodLabels() => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/component"] = "proxy",
        ["app.kubernetes.io/name"] = "envoy",
        ["gateway.envoyproxy.io/owning-gateway-name"] = GatewayName,
    };

    private static EnvoyProxy EnvoyProxy(StackSettings settings, IngressSettings ingress)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // Internet clients are never mTLS: the listener ports bypass the proxy inbound (linkerd.io/2-edge/reference/
            // proxy-configuration, config.linkerd.io/skip-inbound-ports). So does Envoy's stats port, scraped in
            // plaintext by the unmeshed Prometheus (as the proxies' own 4191 is); NetworkPolicy limits both.
            ["config.linkerd.io/skip-inbound-ports"] = string.Join(',', ListenerContainerPorts(ingress).Append(PlatformPorts.EnvoyStats).Order()),
            ["linkerd.io/inject"] = "enabled",
        };
        var spread = new V1TopologySpreadConstraint
        {
            MaxSkew = 1,
            TopologyKey = "topology.kubernetes.io/zone",

            // Production refuses to stack replicas in one zone; a test stack (often one zone) only prefers spreading.
            WhenUnsatisfiable = settings.IsProduction ? "DoNotSchedule" : "ScheduleAnyway",
            LabelSelector = new V1LabelSelector { MatchLabels = EnvoyPodLabels() },
        };
        var kubernetes = new EnvoyProxyKubernetesProvider(
            new EnvoyDeploymentSpec(ingress.Replicas, new EnvoyPodSpec(annotations, [spread])),
            LoadBalancerService(settings, ingress),
            new EnvoyServiceAccountSpec(PlatformNamespaces.GatewayProxyServiceAccount),
            settings.IsProduction ? new EnvoyPdbSpec(1) : null);
        return new EnvoyProxy(KubeObjects.Meta(GatewayName, GatewayNamespace), new EnvoyProxySpec(new EnvoyProxyProvider("Kubernetes", kubernetes), "Service"));
    }

    /// <summary>
    /// The Service Envoy Gateway creates for the Gateway, i.e. the one internet-facing L4 load balancer: the only
    /// object whose fields differ between clouds. AWS: an NLB through the AWS Load Balancer Controller
    /// (<c>loadBalancerClass: service.k8s.aws/nlb</c>), IP targets in the pods, internet-facing, PROXY protocol v2
    /// to carry the client's address, client IP preservation stated off (the IP-target default), source ranges
    /// enforced on the NLB's security group (aws-load-balancer-controller docs/guide/service/annotations.md:
    /// nlb-target-type, lb-scheme, proxy-protocol-v2, lb-source-ranges). GKE: a backend-service-based external
    /// passthrough NLB (<c>cloud.google.com/l4-rbs: enabled</c>, GKE "LoadBalancer Service parameters"),
    /// externalTrafficPolicy Local so the client address reaches the pod, source ranges as GKE firewall rules.
    /// </summary>
    public static EnvoyServiceSpec LoadBalancerService(StackSettings settings, IngressSettings ingress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ingress);
        var sources = ingress.SourceCidrs.Order(StringComparer.Ordinal).ToList();
        return settings.Cloud == Cloud.Aws
            ? new EnvoyServiceSpec(
                "LoadBalancer",
                "service.k8s.aws/nlb",
                new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"] = "ip",
                    ["service.beta.kubernetes.io/aws-load-balancer-proxy-protocol"] = "*",
                    ["service.beta.kubernetes.io/aws-load-balancer-scheme"] = "internet-facing",
                    ["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"] = "preserve_client_ip.enabled=false",
                    ["service.beta.kubernetes.io/aws-load-balancer-type"] = "external",
                },
                "Cluster",
                sources)
            : new EnvoyServiceSpec(
                "LoadBalancer",
                null,
                new SortedDictionary<string, string>(StringComparer.Ordinal) { ["cloud.google.com/l4-rbs"] = "enabled" },
                "Local",
                sources);
    }

    private static PolicyTargetReference GatewayTarget() => new(GatewayApiGroup.Group, "Gateway", GatewayName);

    private static Gateway Gateway(IngressSettings ingress, IReadOnlyList<HostnameListener> listeners)
    {
        List<GatewayListener> all =
        [
            .. listeners.Select(l => new GatewayListener(
                l.Name,
                HttpsPort,
                "HTTPS",
                l.Hostname,
                new GatewayTlsConfig("Terminate", [new SecretObjectReference(l.SecretName)]),

                // Only the owning service's namespace may attach a route to its hostname's listener.
                new AllowedRoutes(new RouteNamespaces("Selector", KubeObjects.NamespaceNamed(l.Tenant.Namespace))))),
        ];
        if (ingress.Http != "off")
        {
            var from = ingress.Http == "redirect"
                ? new RouteNamespaces("Same")
                : new RouteNamespaces("Selector", new V1LabelSelector
                {
                    MatchExpressions =
                    [
                        new V1LabelSelectorRequirement
                        {
                            Key = PlatformNamespaces.NameLabel,
                            OperatorProperty = "In",
                            Values = [.. listeners.Select(l => l.Tenant.Namespace).Distinct(StringComparer.Ordinal)],
                        },
                    ],
                });
            all.Add(new GatewayListener(HttpListener, HttpPort, "HTTP", null, null, new AllowedRoutes(from)));
        }

        return new Gateway(KubeObjects.Meta(GatewayName, GatewayNamespace), new GatewaySpec(GatewayClassName, all));
    }

    /// <summary>
    /// Response headers every answer of the gateway carries (OWASP Secure Headers Project): HSTS for a year with
    /// subdomains, no MIME sniffing, no framing, no referrer. Set by the gateway's own ClientTrafficPolicy
    /// (<c>headers.lateResponseHeaders</c>, applied to every response of the listener, the gateway's local replies —
    /// 413, 429, 504 — included), so a service's route cannot drop them.
    /// </summary>
    public static IReadOnlyList<HttpHeader> SecurityHeaders { get; } =
    [
        new("Referrer-Policy", "no-referrer"),
        new("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "DENY"),
    ];

    /// <summary>The smallest per-connection buffer: Envoy Gateway's default (clienttrafficpolicy <c>connection.bufferLimit</c>, "Default: 32768 bytes").</summary>
    private const long DefaultBufferLimit = 32768;

    private static ClientTrafficPolicy ClientPolicy(StackSettings settings, IngressSettings ingress) => new(
        KubeObjects.Meta(GatewayName, GatewayNamespace),
        new ClientTrafficPolicySpec(
            [GatewayTarget()],

            // TLS 1.2+ only (issue 12; PCI DSS 4.2.1): Envoy's own default minimum is 1.2 as well, stated so a
            // change upstream cannot lower it.
            new ClientTlsSettings("1.2"),

            // The whole request must arrive within the request timeout: a slow client cannot hold a connection longer.
            new ClientTimeout(new ClientHttpTimeout(Seconds(ingress.Limits.RequestTimeoutSeconds))),

            // The request buffer (BackendTrafficPolicy requestBuffer) needs the connection buffer to hold a whole
            // body (backendtrafficpolicy requestBuffer: "you should also configure your connection buffer size").
            new ClientConnection(Math.Max(DefaultBufferLimit, ingress.Limits.RequestBodyBytes)),

            // Header names with underscores are refused: some backends fold them into dashes, which lets a client
            // smuggle a header the gateway did not see as such (Envoy headers_with_underscores_action).
            new ClientHeaders("RejectRequest", new HeaderModifier(SecurityHeaders)),

            // AWS only: the NLB prepends a PROXY protocol v2 header with the client's address, which Envoy then
            // uses as the downstream address (client IP for the rate limit and X-Forwarded-For); a connection
            // without one is refused. GKE's passthrough NLB keeps the client's address on the packet itself.
            settings.Cloud == Cloud.Aws ? new ProxyProtocolSettings(Optional: false) : null));

    /// <summary>
    /// Per-client rate limiting: Envoy Gateway's <em>local</em> rate limit with one bucket per client address
    /// (<c>sourceCIDR</c> <c>Distinct</c> over 0.0.0.0/0). Local rather than Global: Global needs a Redis and the
    /// rate-limit service beside the gateway, while v1.9.0's local limiter supports distinct source addresses
    /// (internal/xds/translator/local_ratelimit.go builds a per-address descriptor for <c>cidrMatch.Distinct</c>;
    /// the task page's note that local limits lack distinct matching predates it). The limit is counted per Envoy
    /// replica and per route, so a client spread over N replicas gets at most N times it: a flood brake, not a quota.
    /// Plus the end-to-end request timeout and the request body limit (requestBuffer, 413 above it).
    /// </summary>
    private static BackendTrafficPolicy BackendPolicy(IngressSettings ingress) => new(
        KubeObjects.Meta(GatewayName, GatewayNamespace),
        new BackendTrafficPolicySpec(
            [GatewayTarget()],
            new RateLimitSpec(new LocalRateLimit(
            [
                new RateLimitRule([new RateLimitSelectCondition(new SourceMatch("Distinct", "0.0.0.0/0"))], new RateLimitValue(ingress.Limits.RequestsPerMinute, "Minute")),
            ])),
            new BackendTimeout(new BackendHttpTimeout(Seconds(ingress.Limits.RequestTimeoutSeconds))),
            new RequestBufferSpec(ingress.Limits.RequestBodyBytes)));

    private static string Seconds(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds}s");

    /// <summary>
    /// The ACME ClusterIssuer: DNS-01 on the stack's zone with ambient credentials, i.e. cert-manager's workload
    /// identity (cert-manager.io/docs/configuration/acme/dns01/route53 "ambient credentials" with EKS Pod Identity;
    /// /google "GKE Workload Identity"); ClusterIssuers may use ambient credentials by default
    /// (<c>--cluster-issuer-ambient-credentials=true</c>). No key is in config or state: cert-manager generates the
    /// account key into <c>privateKeySecretRef</c> and each certificate's key into its Secret, inside the cluster.
    /// </summary>
    private static ClusterIssuer Issuer(StackSettings settings, IngressSettings ingress)
    {
        var dns01 = settings.Provider switch
        {
            GcpProviderSettings gcp => new AcmeDns01(null, new CloudDnsSolver(gcp.Project, ingress.DnsZone)),
            _ => new AcmeDns01(new Route53Solver(settings.Provider.Region, ingress.DnsZone), null),
        };
        return new ClusterIssuer(
            KubeObjects.Meta(IssuerName),
            new IssuerSpec(new AcmeIssuer(
                AcmeDirectory(ingress.Acme.Server),
                ingress.Acme.Email,
                new SecretKeySelector("acme-account-key"),
                [new AcmeSolver(dns01, new CertificateDnsNameSelector([ingress.Domain]))])));
    }

    /// <summary>
    /// The central Prometheus scrapes the Envoy pods' stats (v1.9.0 bootstrap: port 19001 <c>metrics</c>,
    /// <c>/stats/prometheus</c>; gateway.envoyproxy.io docs "Proxy Metrics") and the controller's metrics (chart
    /// values <c>deployment.ports</c> metrics 19001, <c>/metrics</c>), with job labels the dashboard queries.
    /// </summary>
    private static IEnumerable<PodMonitor> PodMonitors()
    {
        yield return new PodMonitor(
            KubeObjects.Meta(ProxyJob, PlatformNamespaces.Monitoring),
            new PodMonitorSpec(
                new MonitorNamespaceSelector(null, [GatewayNamespace]),
                new V1LabelSelector { MatchLabels = EnvoyPodLabels() },
                [new PodMetricsEndpoint(PlatformPorts.EnvoyStatsName, "/stats/prometheus", [new Relabeling("replace", TargetLabel: "job", Replacement: ProxyJob)])]));
        yield return new PodMonitor(
            KubeObjects.Meta(ControllerJob, PlatformNamespaces.Monitoring),
            new PodMonitorSpec(
                new MonitorNamespaceSelector(null, [PlatformNamespaces.EnvoyGatewaySystem]),
                new V1LabelSelector { MatchLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["control-plane"] = "envoy-gateway" } },
                [new PodMetricsEndpoint("metrics", "/metrics", [new Relabeling("replace", TargetLabel: "job", Replacement: ControllerJob)])]));
    }

    // ---------------------------------------------------------------- routes

    /// <summary>
    /// One HTTPRoute per public service, in its own namespace, attached to its hostnames' listeners (and the HTTP
    /// listener when <c>http: serve</c>), sending everything to the Service named after it on its port; and, when
    /// <c>http: redirect</c>, one route in the gateway namespace answering every plain-HTTP request with a 301 to https.
    /// </summary>
    private static IEnumerable<HttpRoute> Routes(IngressSettings ingress, IReadOnlyList<Tenant> publicTenants, IReadOnlyList<HostnameListener> listeners)
    {
        foreach (var tenant in publicTenants)
        {
            var own = listeners.Where(l => l.Tenant == tenant).ToList();
            List<ParentReference> parents = [.. own.Select(l => new ParentReference(GatewayName, GatewayNamespace, l.Name))];
            if (ingress.Http == "serve")
            {
                parents.Add(new ParentReference(GatewayName, GatewayNamespace, HttpListener));
            }

            yield return new HttpRoute(
                KubeObjects.Meta(tenant.Name, tenant.Namespace),
                new HttpRouteSpec(parents, [.. own.Select(l => l.Hostname)], [new HttpRouteRule([new HttpBackendRef(tenant.Name, tenant.Port)], null)]));
        }

        if (ingress.Http == "redirect")
        {
            yield return new HttpRoute(
                KubeObjects.Meta("https-redirect", GatewayNamespace),
                new HttpRouteSpec(
                    [new ParentReference(GatewayName, null, HttpListener)],
                    [.. listeners.Select(l => l.Hostname)],
                    [new HttpRouteRule(null, [new HttpRouteFilter("RequestRedirect", new HttpRequestRedirectFilter("https", 301))])]));
        }
    }

    // ---------------------------------------------------------------- releases

    private static IReadOnlyList<HelmReleasePlan> Releases(StackSettings settings, IngressSettings ingress) =>
    [
        new(CertManagerRelease, ChartCatalogue.CertManager, PlatformNamespaces.CertManager, CertManagerValues(settings)),
        new(ExternalDnsRelease, ChartCatalogue.ExternalDns, PlatformNamespaces.ExternalDns, ExternalDnsValues(settings, ingress)),
        new(EnvoyGatewayRelease, ChartCatalogue.EnvoyGateway, PlatformNamespaces.EnvoyGatewaySystem, EnvoyGatewayValues(settings)),
    ];

    /// <summary>The ServiceAccount annotations binding an add-on to its cloud identity: GKE names the Google account; EKS Pod Identity needs none (the association names the ServiceAccount).</summary>
    private static HelmValuesBuilder ServiceAccount(StackSettings settings, string name, string addOn)
    {
        var account = new HelmValuesBuilder { ["name"] = name };
        if (settings.Provider is GcpProviderSettings gcp)
        {
            account["annotations"] = new HelmValuesBuilder
            {
                [GcpWorkloadIdentity.AnnotationKey] = WorkloadIdentities.GcpServiceAccountEmail(CloudResourcePlanner.EdgeServiceAccountId(settings, addOn), gcp.Project),
            };
        }

        return account;
    }

    private static HelmValues CertManagerValues(StackSettings settings)
    {
        var replicas = settings.IsProduction ? 2 : 1;
        HelmValuesBuilder Component() => new()
        {
            ["podDisruptionBudget"] = new HelmValuesBuilder { ["enabled"] = settings.IsProduction },
            ["replicaCount"] = replicas,
        };
        var webhook = Component();
        var cainjector = Component();
        return new HelmValuesBuilder
        {
            ["cainjector"] = cainjector,

            // The chart installs its CRDs (templates, kept on uninstall so certificates survive a reinstall).
            ["crds"] = new HelmValuesBuilder { ["enabled"] = true, ["keep"] = true },
            ["podDisruptionBudget"] = new HelmValuesBuilder { ["enabled"] = settings.IsProduction },
            ["replicaCount"] = replicas,
            ["serviceAccount"] = ServiceAccount(settings, PlatformNamespaces.CertManagerServiceAccount, PlatformNamespaces.CertManager),
            ["webhook"] = webhook,
        }.Build();
    }

    private static HelmValues ExternalDnsValues(StackSettings settings, IngressSettings ingress)
    {
        var values = new HelmValuesBuilder
        {
            ["domainFilters"] = new List<object> { ingress.Domain },

            // `sync` removes the records of a hostname taken out of the routes; the TXT registry (chart default
            // registry: txt) with this stack's owner id keeps it from touching records it did not create.
            ["policy"] = "sync",
            ["provider"] = new HelmValuesBuilder { ["name"] = settings.Cloud == Cloud.Aws ? "aws" : "google" },
            ["serviceAccount"] = ServiceAccount(settings, PlatformNamespaces.ExternalDnsServiceAccount, PlatformNamespaces.ExternalDns),

            // Only the HTTPRoutes' hostnames (external-dns docs/sources/gateway-api.md: gateway-httproute), which
            // resolve to the Gateway's load balancer address.
            ["sources"] = new List<object> { "gateway-httproute" },
            ["txtOwnerId"] = NetworkPlanner.NamePrefix(settings),
        };
        values["extraArgs"] = settings.Provider switch
        {
            // The zone the stack owns, by id or project: nothing else is written even with wider permissions.
            GcpProviderSettings gcp => new List<object> { $"--google-project={gcp.Project}", $"--google-zone-visibility=public" },
            _ => new List<object> { $"--zone-id-filter={ingress.DnsZone}" },
        };
        if (settings.Cloud == Cloud.Aws)
        {
            // Pod Identity supplies credentials, not a region; the Route 53 client needs one.
            values["env"] = new List<object> { new HelmValuesBuilder { ["name"] = "AWS_DEFAULT_REGION", ["value"] = settings.Provider.Region } };
        }

        return values.Build();
    }

    private static HelmValues EnvoyGatewayValues(StackSettings settings) => new HelmValuesBuilder
    {
        // The CRDs come from CrdUrls (Envoy Gateway's) and the mesh (Gateway API, standard channel); see EdgePlan.CrdUrls.
        ["crds"] = new HelmValuesBuilder { ["enabled"] = false },
        ["config"] = new HelmValuesBuilder
        {
            // The EnvoyGateway configuration object the chart merges into its ConfigMap (templates/envoy-gateway-config.yaml):
            // GatewayNamespace mode runs each Gateway's Envoy pods in the Gateway's namespace (v1.9.0
            // api/v1alpha1/envoygateway_types.go KubernetesDeployModeTypeGatewayNamespace).
            ["envoyGateway"] = new HelmValuesBuilder
            {
                ["provider"] = new HelmValuesBuilder
                {
                    ["kubernetes"] = new HelmValuesBuilder { ["deploy"] = new HelmValuesBuilder { ["type"] = "GatewayNamespace" } },
                    ["type"] = "Kubernetes",
                },
            },
        },
        ["deployment"] = new HelmValuesBuilder { ["replicas"] = settings.IsProduction ? 2 : 1 },

        // The chart's PodDisruptionBudget (default minAvailable: 0, i.e. none) keeps one controller up in production.
        ["podDisruptionBudget"] = new HelmValuesBuilder { ["minAvailable"] = settings.IsProduction ? 1 : 0 },
    }.Build();
}
