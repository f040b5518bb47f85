using System.Net;
using k8s.Models;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Guardrails;

/// <summary>
/// The edge controls (issue 12): TLS on the one public entry (MESH-07, catalogue row 31) and the controls the entry
/// adds (EDGE-01..03, rows 36-38 of docs/guardrails.md, after GUARDRAILS.md's 35). Each reads the rendered Gateway,
/// routes, policies and the public services' NetworkPolicies and Linkerd authorizations; without an edge they do not
/// apply, and that claim is checked (a load balancer, ingress or gateway rendered without the edge fails them).
/// </summary>
public static partial class GuardrailCatalogue
{
    private const string NoPublicEntry = "the stack has no ingress: no service is public and the platform renders no load balancer, gateway or route";

    /// <summary>The TLS versions EDGE-01 accepts as a listener minimum (PCI DSS 4.2.1 strong cryptography; NIST SP 800-52r2: TLS 1.2 or later).</summary>
    private static readonly string[] StrongTlsVersions = ["1.2", "1.3"];

    /// <summary>An address on the internet (TEST-NET-3, RFC 5737), as a NetworkPolicy sees a client outside the cluster.</summary>
    private static readonly IPAddress InternetClient = IPAddress.Parse("203.0.113.10");

    private static List<GuardrailRule> EdgeRules() =>
    [
        new(new GuardrailControl
            {
                Id = "MESH-07", Catalogue = 31, Layer = GuardrailLayer.Mesh,
                Title = "TLS on any external load balancer or ingress",
                Sources = ["KB-EKS 5.4.5", "KB-GKE 5.6.7", "PCI 4.2.1"],
                Implementation = "rendered manifests: the Gateway's HTTPS listeners terminate TLS with the Secret of a cert-manager Certificate for the listener's hostname; the plain-HTTP listener only redirects (EDGE-02); no Service of type LoadBalancer/NodePort and no Ingress outside the gateway (the L4 load balancer passes TLS through to Envoy)",
                NotApplicableWithoutEdge = NoPublicEntry,
            },
            NoSetting,
            ExternalTls),
        new(new GuardrailControl
            {
                Id = "EDGE-01", Catalogue = 36, Layer = GuardrailLayer.Edge,
                Title = "TLS 1.2 minimum on every HTTPS listener of the public entry",
                Sources = ["PCI 4.2.1", "NIST SP 800-52r2 3.1", "gateway.envoyproxy.io ClientTrafficPolicy tls.minVersion"],
                Implementation = "rendered manifests: a ClientTrafficPolicy in the Gateway's namespace whose targetRefs name the rendered Gateway (gateway.networking.k8s.io, kind Gateway) sets tls.minVersion 1.2 (or 1.3)",
                NotApplicableWithoutEdge = NoPublicEntry,
            },
            NoSetting,
            TlsMinimum),
        new(new GuardrailControl
            {
                Id = "EDGE-02", Catalogue = 37, Layer = GuardrailLayer.Edge,
                Title = "Plain HTTP only redirects to https",
                Sources = ["PCI 4.2.1", "OWASP Transport Layer Security Cheat Sheet (\"Use TLS for all pages\")", "gateway-api HTTPRoute RequestRedirect"],
                Implementation = "rendered manifests: every HTTPRoute that attaches to a plain-HTTP listener has only rules with one RequestRedirect filter (scheme https) and no backendRefs; ingress.http off renders no such listener",
                NotApplicableWithoutEdge = NoPublicEntry,
                SettingKeys = ["ingress.http"],
                TestRelaxationReason = "a test stack may serve its routes on plain HTTP (ingress.http: serve) to test a client without trusted certificates; the HTTPS listeners, their certificates and TLS minimum (MESH-07, EDGE-01) are unchanged",
            },
            s => s.Ingress is { Http: "serve" } ? [new GuardrailRelaxation("ingress.http", "serve", "redirect or off")] : [],
            PlainHttpRedirects),
        new(new GuardrailControl
            {
                Id = "EDGE-03", Catalogue = 38, Layer = GuardrailLayer.Edge,
                Title = "No public service outside the gateway",
                Sources = ["PCI 1.3.1", "PCI 1.4.1", "KS service-type", "EKS-BP network \"Use a single ingress point\""],
                Implementation = "rendered manifests: no Service or chart value of type LoadBalancer/NodePort and no Ingress; the only LoadBalancer is the gateway's EnvoyProxy service; each public service has an HTTPRoute on an HTTPS listener to its Service, no route exposes another; the public services' inbound NetworkPolicies (evaluated on 4143 and the service port) and Linkerd authorizations admit beyond the call matrix only the gateway's namespace and identity",
                NotApplicableWithoutEdge = NoPublicEntry,
            },
            NoSetting,
            OnlyThroughTheGateway),
    ];

    // ── MESH-07 ─────────────────────────────────────────────────────────────────────────────────

    private static GuardrailCheck ExternalTls(GuardrailContext c)
    {
        var edge = new EdgeObjects(c.Objects.All);
        var problems = ExposedOutsideTheGateway(c).ToList();
        if (c.InCluster.Edge is null)
        {
            problems.AddRange(edge.Gateways.Select(g => $"Gateway {EdgeObjects.Name(g)}"));
            return GuardrailCheck.When(problems.Count == 0, NoPublicEntry,
                $"{string.Join(", ", problems)} opens an edge: the control applies and nothing here terminates TLS on it");
        }

        // A plain-HTTP listener that serves is EDGE-02's relaxation (ingress.http: serve, test stacks only).
        var httpServes = GuardrailEvaluator.Relaxations(c.Settings).Any(r => r.Control.Id == "EDGE-02");
        var terminated = new List<string>();
        foreach (var gateway in edge.Gateways)
        {
            foreach (var listener in gateway.Spec.Listeners)
            {
                var where = $"listener {EdgeObjects.Name(gateway)} {listener.Name} ({listener.Protocol} {listener.Port})";
                switch (listener.Protocol)
                {
                    case "HTTPS":
                        var before = problems.Count;
                        problems.AddRange(ListenerTlsProblems(edge, gateway, listener, where));
                        if (problems.Count == before)
                        {
                            terminated.Add($"{listener.Hostname}");
                        }

                        break;
                    case "HTTP" when !httpServes:
                        problems.AddRange(edge.AttachedTo(gateway, listener).Where(r => !r.Spec.Rules.All(EdgeObjects.RedirectsToHttps))
                            .Select(r => $"{where} serves HTTPRoute {EdgeObjects.Name(r)} in plain text"));
                        break;
                    case "HTTP":
                        break;
                    default:
                        problems.Add($"{where} does not terminate TLS");
                        break;
                }
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"{terminated.Count} HTTPS listener(s) terminate TLS with the Secret of a Certificate for their hostname ({string.Join(", ", terminated)}); " +
            $"plain HTTP {(httpServes ? "serves (EDGE-02 relaxed)" : "only redirects to https")}; no LoadBalancer/NodePort Service or Ingress outside the gateway");
    }

    private static IEnumerable<string> ListenerTlsProblems(EdgeObjects edge, Gateway gateway, GatewayListener listener, string where)
    {
        if (listener.Tls is not { } tls || tls.Mode != "Terminate")
        {
            yield return $"{where} does not terminate TLS (tls.mode {listener.Tls?.Mode ?? "unset"})";
            yield break;
        }

        if (tls.CertificateRefs.Count == 0)
        {
            yield return $"{where} has no certificateRefs";
        }

        foreach (var secret in tls.CertificateRefs)
        {
            var certificates = edge.CertificatesWriting(gateway.Metadata.NamespaceProperty, secret.Name).ToList();
            if (certificates.Count == 0)
            {
                yield return $"{where} terminates TLS with Secret {secret.Name}, which no Certificate in {gateway.Metadata.NamespaceProperty} writes";
            }
            else if (listener.Hostname is { } host && !certificates.Any(cert => cert.Spec.DnsNames.Contains(host, StringComparer.OrdinalIgnoreCase)))
            {
                yield return $"{where} serves {host} with Secret {secret.Name}, whose Certificate names [{string.Join(", ", certificates.SelectMany(x => x.Spec.DnsNames))}]";
            }
        }
    }

    /// <summary>What opens a port outside the gateway: an exposing Service, chart value or EnvoyProxy, or an Ingress.</summary>
    private static IEnumerable<string> ExposedOutsideTheGateway(GuardrailContext c)
    {
        var edge = new EdgeObjects(c.Objects.All);
        var gatewayProxies = edge.Gateways.Select(edge.ProxyOf).OfType<EnvoyProxy>().ToList();
        return c.Objects.All
            .Where(o => o is V1Service { Spec.Type: { } type } && ExposingServiceTypes.Contains(type)
                || o is V1Ingress
                || o is EnvoyProxy proxy && ExposingServiceTypes.Contains(proxy.Spec.Provider.Kubernetes.EnvoyService.Type) && !gatewayProxies.Contains(proxy))
            .Select(Describe)
            .Concat(ExposingValues(c.InCluster.Releases));
    }

    // ── EDGE-01 ─────────────────────────────────────────────────────────────────────────────────

    private static GuardrailCheck TlsMinimum(GuardrailContext c)
    {
        var edge = new EdgeObjects(c.Objects.All);
        var problems = new List<string>();
        var read = new List<string>();
        foreach (var gateway in edge.Gateways.Where(g => g.Spec.Listeners.Any(l => l.Protocol == "HTTPS")))
        {
            var policies = edge.ClientPoliciesOf(gateway).ToList();
            if (policies.Count == 0)
            {
                problems.Add($"no ClientTrafficPolicy in {gateway.Metadata.NamespaceProperty} targets Gateway {EdgeObjects.Name(gateway)}: its HTTPS listeners take Envoy's default minimum, which nothing here pins");
            }

            foreach (var policy in policies)
            {
                var version = policy.Spec.Tls?.MinVersion;
                if (version is null || !StrongTlsVersions.Contains(version))
                {
                    problems.Add($"ClientTrafficPolicy {Describe(policy)} sets tls.minVersion {version ?? "unset"} on Gateway {EdgeObjects.Name(gateway)}, expected 1.2 or 1.3");
                }
                else
                {
                    read.Add($"ClientTrafficPolicy {policy.Metadata.NamespaceProperty}/{policy.Metadata.Name} on Gateway {EdgeObjects.Name(gateway)}: tls.minVersion {version} " +
                        $"({gateway.Spec.Listeners.Count(l => l.Protocol == "HTTPS")} HTTPS listeners)");
                }
            }
        }

        return GuardrailCheck.FromProblems(problems, read.Count == 0 ? "no HTTPS listener rendered" : string.Join("; ", read));
    }

    // ── EDGE-02 ─────────────────────────────────────────────────────────────────────────────────

    private static GuardrailCheck PlainHttpRedirects(GuardrailContext c)
    {
        var edge = new EdgeObjects(c.Objects.All);
        var problems = new List<string>();
        var read = new List<string>();
        foreach (var gateway in edge.Gateways)
        {
            foreach (var listener in gateway.Spec.Listeners.Where(l => l.Protocol == "HTTP"))
            {
                var routes = edge.AttachedTo(gateway, listener).ToList();
                foreach (var route in routes)
                {
                    problems.AddRange(route.Spec.Rules.Select((rule, i) => (rule, i)).Where(x => !EdgeObjects.RedirectsToHttps(x.rule))
                        .Select(x => $"HTTPRoute {EdgeObjects.Name(route)} rule {x.i} on plain-HTTP listener {EdgeObjects.Name(gateway)} {listener.Name} " +
                            ((x.rule.BackendRefs?.Count ?? 0) > 0
                                ? $"forwards to {string.Join(", ", x.rule.BackendRefs!.Select(b => $"{b.Name}:{b.Port}"))}"
                                : "is not a single RequestRedirect to https")));
                }

                read.Add($"listener {EdgeObjects.Name(gateway)} {listener.Name} (port {listener.Port}) takes {routes.Count} route(s) ({string.Join(", ", routes.Select(EdgeObjects.Name))}), each rule one RequestRedirect to https without backends");
            }
        }

        return GuardrailCheck.FromProblems(problems, read.Count == 0 ? "no plain-HTTP listener rendered (ingress.http off)" : string.Join("; ", read));
    }

    // ── EDGE-03 ─────────────────────────────────────────────────────────────────────────────────

    private static GuardrailCheck OnlyThroughTheGateway(GuardrailContext c)
    {
        var edge = new EdgeObjects(c.Objects.All);
        var problems = ExposedOutsideTheGateway(c).Select(x => $"{x} exposes a port outside the gateway").ToList();
        var gatewayNamespaces = edge.Gateways.Select(g => g.Metadata.NamespaceProperty).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var gatewayIdentities = edge.Gateways.Select(edge.IdentityOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (edge.Gateways.Count > 0 && gatewayIdentities.Count == 0)
        {
            problems.Add("no Gateway's EnvoyProxy names the ServiceAccount of its pods: their mesh identity is unknown");
        }

        // Routes on the HTTPS listeners, by namespace; a route there must belong to a public service and send to it.
        var attached = edge.Gateways
            .SelectMany(g => g.Spec.Listeners.Where(l => l.Protocol == "HTTPS").SelectMany(l => edge.AttachedTo(g, l)))
            .Distinct()
            .ToList();
        var publicTenants = c.Tenants.Tenants.Where(t => t.Public).ToList();
        foreach (var route in attached)
        {
            var owner = publicTenants.FirstOrDefault(t => t.Namespace == route.Metadata.NamespaceProperty);
            problems.AddRange(route.Spec.Rules.SelectMany(r => r.BackendRefs ?? [])
                .Where(b => owner is null || b.Name != owner.Name || b.Port != owner.Port)
                .Select(b => $"HTTPRoute {EdgeObjects.Name(route)} exposes {b.Name}:{b.Port}, which is not a public service's Service in its namespace"));
        }

        var namespaces = c.Objects.All.OfType<V1Namespace>().Select(n => n.Metadata.Name).Append("default").Append("kube-system").Distinct(StringComparer.Ordinal).ToList();
        var pod = IPAddress.Parse("10.255.0.10");
        foreach (var tenant in publicTenants)
        {
            var routes = attached.Where(r => r.Metadata.NamespaceProperty == tenant.Namespace
                && r.Spec.Rules.Any(rule => (rule.BackendRefs ?? []).Any(b => b.Name == tenant.Name && b.Port == tenant.Port))).ToList();
            if (routes.Count == 0)
            {
                problems.Add($"public service {tenant.Name} has no HTTPRoute on an HTTPS listener of the gateway to {tenant.Name}:{tenant.Port}");
            }

            // Inbound only: the tenant namespace's own policies, asked about every rendered namespace and the internet.
            var objects = c.Objects.Of(tenant.Name);
            var inbound = new NetworkPolicyEvaluator([.. objects.OfType<V1NetworkPolicy>()]);
            var allowedNamespaces = c.Tenants.CallersOf(tenant.Name).Select(t => t.Namespace).Concat(gatewayNamespaces).ToHashSet(StringComparer.Ordinal);
            foreach (var port in new[] { PlatformPorts.ProxyInbound, tenant.Port })
            {
                problems.AddRange(namespaces.Where(ns => ns != tenant.Namespace && !allowedNamespaces.Contains(ns)
                        && inbound.Allows(PodRef.InNamespace(ns, pod), PodRef.InNamespace(tenant.Namespace, pod), port, "TCP"))
                    .Select(ns => $"{tenant.Namespace}'s NetworkPolicies admit {ns} on {port}, neither a declared caller nor the gateway"));
                if (inbound.Allows(new PodRef(null, new Dictionary<string, string>(), InternetClient), PodRef.InNamespace(tenant.Namespace, pod), port, "TCP"))
                {
                    problems.Add($"{tenant.Namespace}'s NetworkPolicies admit the internet ({InternetClient}) on {port}");
                }
            }

            problems.AddRange(gatewayNamespaces.Where(ns => !inbound.Allows(PodRef.InNamespace(ns, pod), PodRef.InNamespace(tenant.Namespace, pod), PlatformPorts.ProxyInbound, "TCP"))
                .Select(ns => $"{tenant.Namespace}'s NetworkPolicies keep the gateway namespace {ns} out of {PlatformPorts.ProxyInbound}: its route cannot reach it"));

            var allowedIdentities = c.Tenants.CallersOf(tenant.Name).Select(t => t.MeshIdentity).Concat(gatewayIdentities).ToHashSet(StringComparer.Ordinal);
            foreach (var server in objects.OfType<LinkerdServer>().Where(s => s.Spec.Port?.Value == Text(tenant.Port)))
            {
                var admitted = Admitted(objects, server.Metadata.Name);
                if (admitted is null)
                {
                    problems.Add($"Server {tenant.Namespace}/{server.Metadata.Name} is authorized without an mTLS identity");
                    continue;
                }

                problems.AddRange(admitted.Where(i => !allowedIdentities.Contains(i))
                    .Select(i => $"Server {tenant.Namespace}/{server.Metadata.Name} admits {i}, neither a declared caller nor the gateway"));
                problems.AddRange(gatewayIdentities.Where(i => !admitted.Contains(i))
                    .Select(i => $"Server {tenant.Namespace}/{server.Metadata.Name} does not admit the gateway's identity {i}: its route cannot reach it"));
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"the only load balancer is the gateway's EnvoyProxy service; HTTPRoutes to {string.Join(", ", publicTenants.Select(t => $"{t.Name}:{t.Port}"))} on the HTTPS listeners, none to another service; " +
            $"their inbound NetworkPolicies and Linkerd authorizations admit the declared callers and only the gateway ({string.Join(", ", gatewayNamespaces)}; {string.Join(", ", gatewayIdentities)}) beyond them");
    }
}
