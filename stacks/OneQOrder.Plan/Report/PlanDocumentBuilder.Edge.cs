using System.Globalization;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Plan.Report;

public static partial class PlanDocumentBuilder
{
    private const string AwsNlbClass = "service.k8s.aws/nlb";
    private const string AwsAnnotation = "service.beta.kubernetes.io/aws-load-balancer-";

    /// <summary>The public entry as its rendered objects and release values describe it; null without an edge.</summary>
    private static PublicEntryDocument? PublicEntry(EdgePlan? edge)
    {
        if (edge is null)
        {
            return null;
        }

        var gatewayObjects = edge.GatewayObjects.Select(f => f.Thaw()).ToList();
        var gateway = gatewayObjects.OfType<Gateway>().Single();
        var gatewayClass = gatewayObjects.OfType<GatewayClass>().Single(c => c.Metadata.Name == gateway.Spec.GatewayClassName);
        var proxy = gatewayObjects.OfType<EnvoyProxy>().Single(p => p.Metadata.Name == gatewayClass.Spec.ParametersRef?.Name);
        var policy = gatewayObjects.OfType<ClientTrafficPolicy>()
            .FirstOrDefault(p => p.Spec.TargetRefs.Any(t => t.Kind == "Gateway" && t.Name == gateway.Metadata.Name));
        var issuer = gatewayObjects.OfType<ClusterIssuer>().Single();
        var routes = edge.RouteObjects.Select(f => f.Thaw<HttpRoute>()).ToList();
        var controller = edge.Releases.Single(r => r.Chart.Name == ChartCatalogue.EnvoyGateway.Name);
        var dns = edge.Releases.Single(r => r.Chart.Name == ChartCatalogue.ExternalDns.Name);
        var http = gateway.Spec.Listeners.FirstOrDefault(l => l.Protocol == "HTTP");
        var solver = issuer.Spec.Acme.Solvers[0].Dns01;
        var zone = solver.Route53 is { } r53 ? $"Route 53 hosted zone {r53.HostedZoneId}" : $"Cloud DNS zone {solver.CloudDns?.HostedZoneName} (project {solver.CloudDns?.Project})";

        return new PublicEntryDocument
        {
            LoadBalancer = LoadBalancer(proxy.Spec.Provider.Kubernetes.EnvoyService),
            Gateway = new GatewayDocument(
                $"{gateway.Metadata.NamespaceProperty}/{gateway.Metadata.Name}",
                gateway.Spec.GatewayClassName,
                $"Envoy Gateway {controller.Chart.Version} in {controller.Namespace}",
                proxy.Spec.Provider.Kubernetes.EnvoyDeployment.Replicas,
                Tenant.Identity(proxy.Spec.Provider.Kubernetes.EnvoyServiceAccount.Name, gateway.Metadata.NamespaceProperty),
                [.. gateway.Spec.Listeners.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Name} {l.Protocol}/{l.Port}"))],
                policy?.Spec.Tls.MinVersion),
            Routes =
            [
                .. routes.SelectMany(r => r.Spec.Rules.SelectMany(rule => rule.BackendRefs ?? [])
                    .SelectMany(b => r.Spec.Hostnames.Select(h => new RouteDocument(h, r.Metadata.NamespaceProperty, b.Name, b.Port)))),
            ],
            PlainHttp = http is null
                ? "no listener"
                : routes.Any(r => r.Spec.ParentRefs.Any(p => p.SectionName == http.Name) && r.Spec.Rules.Any(x => (x.BackendRefs?.Count ?? 0) > 0))
                    ? "serves the routes"
                    : "redirect to https",
            Certificates = new CertificatesDocument(
                issuer.Metadata.Name,
                issuer.Spec.Acme.Server,
                $"DNS-01 on {zone}",
                [.. gatewayObjects.OfType<Certificate>().Select(c => new CertificateDocument(c.Metadata.Name, c.Spec.DnsNames, c.Spec.SecretName))]),
            Dns = new DnsDocument(
                $"external-dns {dns.Chart.Version} in {dns.Namespace}",
                dns.Values.At("provider", "name") as string ?? "unset",
                dns.Values.At("policy") as string ?? "unset",
                Strings(dns.Values.At("sources")),
                Strings(dns.Values.At("domainFilters")),
                zone),
            Releases = [.. edge.Releases.Select(Release)],
        };
    }

    private static LoadBalancerDocument LoadBalancer(EnvoyServiceSpec service)
    {
        string? Annotation(string key) => service.Annotations.TryGetValue(key, out var value) ? value : null;
        return service.LoadBalancerClass == AwsNlbClass
            ? new LoadBalancerDocument(
                "AWS NLB (AWS Load Balancer Controller)",
                Annotation(AwsAnnotation + "scheme") ?? "internal (annotation unset)",
                Annotation(AwsAnnotation + "nlb-target-type") ?? "instance (annotation unset)",
                service.LoadBalancerSourceRanges,
                Annotation(AwsAnnotation + "proxy-protocol") == "*"
                    ? $"PROXY protocol v2 ({Annotation(AwsAnnotation + "target-group-attributes") ?? "target group defaults"})"
                    : "lost (no PROXY protocol)")
            : new LoadBalancerDocument(
                Annotation("cloud.google.com/l4-rbs") == "enabled" ? "GKE external passthrough NLB (backend service)" : $"{service.Type} Service",
                "external",
                $"nodes, externalTrafficPolicy {service.ExternalTrafficPolicy}",
                service.LoadBalancerSourceRanges,
                service.ExternalTrafficPolicy == "Local" ? "kept on the packet (externalTrafficPolicy Local)" : "replaced by a node's address (SNAT)");
    }

    private static IReadOnlyList<string> Strings(object? value) => value is IEnumerable<object> list ? [.. list.Select(v => v.ToString() ?? string.Empty)] : [];
}
