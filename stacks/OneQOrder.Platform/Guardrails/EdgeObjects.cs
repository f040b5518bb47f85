using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Guardrails;

/// <summary>
/// The public entry as the rendered objects describe it, for the edge controls (MESH-07, EDGE-*): which Gateways
/// exist, which routes a listener really takes (Gateway API attachment: the parent reference, the listener's
/// <c>allowedRoutes</c> and its hostname), which EnvoyProxy and therefore which ServiceAccount a Gateway's pods run as,
/// and which Certificates write a listener's Secret. Read from the objects every check is given, never from the
/// settings, so a broken object breaks the verdict.
/// </summary>
/// <param name="All">Every rendered object (service namespaces, mesh, monitoring, edge).</param>
internal sealed class EdgeObjects(IReadOnlyList<object> All)
{
    /// <summary>Every rendered Gateway.</summary>
    public IReadOnlyList<Gateway> Gateways { get; } = [.. All.OfType<Gateway>()];

    /// <summary>Every rendered HTTPRoute.</summary>
    public IReadOnlyList<HttpRoute> Routes { get; } = [.. All.OfType<HttpRoute>()];

    /// <summary>The routes that attach to <paramref name="listener"/> of <paramref name="gateway"/> (gateway-api spec: ParentReference, AllowedRoutes, Listener.Hostname).</summary>
    public IEnumerable<HttpRoute> AttachedTo(Gateway gateway, GatewayListener listener) => Routes.Where(route =>
        route.Spec.ParentRefs.Any(p =>
            p.Name == gateway.Metadata.Name
            && (p.Namespace ?? route.Metadata.NamespaceProperty) == gateway.Metadata.NamespaceProperty
            && (p.SectionName is null || p.SectionName == listener.Name))
        && Admits(gateway, listener, route.Metadata.NamespaceProperty)
        && (listener.Hostname is null || route.Spec.Hostnames.Count == 0 || route.Spec.Hostnames.Contains(listener.Hostname, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The EnvoyProxy a Gateway's class points at (<c>GatewayClass.spec.parametersRef</c>), or null.</summary>
    public EnvoyProxy? ProxyOf(Gateway gateway)
    {
        var parameters = All.OfType<GatewayClass>().FirstOrDefault(c => c.Metadata.Name == gateway.Spec.GatewayClassName)?.Spec.ParametersRef;
        return parameters is { Kind: "EnvoyProxy" }
            ? All.OfType<EnvoyProxy>().FirstOrDefault(p => p.Metadata.Name == parameters.Name && p.Metadata.NamespaceProperty == parameters.Namespace)
            : null;
    }

    /// <summary>
    /// The mTLS identity of a Gateway's Envoy pods: they run in the Gateway's own namespace (Envoy Gateway's
    /// GatewayNamespace deploy mode) as the ServiceAccount its EnvoyProxy names; null when no EnvoyProxy names one.
    /// </summary>
    public string? IdentityOf(Gateway gateway) =>
        ProxyOf(gateway)?.Spec.Provider.Kubernetes.EnvoyServiceAccount.Name is { } account && gateway.Metadata.NamespaceProperty is { } ns
            ? Tenant.Identity(account, ns)
            : null;

    /// <summary>The ClientTrafficPolicies that target <paramref name="gateway"/>: same namespace, Gateway API group, kind Gateway, its name.</summary>
    public IEnumerable<ClientTrafficPolicy> ClientPoliciesOf(Gateway gateway) => All.OfType<ClientTrafficPolicy>()
        .Where(p => p.Metadata.NamespaceProperty == gateway.Metadata.NamespaceProperty
            && p.Spec.TargetRefs.Any(t => t.Group == GatewayApiGroup.Group && t.Kind == "Gateway" && t.Name == gateway.Metadata.Name));

    /// <summary>The Certificates that write Secret <paramref name="secret"/> in <paramref name="ns"/>.</summary>
    public IEnumerable<Certificate> CertificatesWriting(string? ns, string secret) =>
        All.OfType<Certificate>().Where(c => c.Metadata.NamespaceProperty == ns && c.Spec.SecretName == secret);

    /// <summary>True when a route in <paramref name="routeNamespace"/> may attach to the listener (<c>allowedRoutes.namespaces</c>).</summary>
    private static bool Admits(Gateway gateway, GatewayListener listener, string? routeNamespace) => listener.AllowedRoutes.Namespaces.From switch
    {
        "All" => true,
        "Selector" => routeNamespace is not null && NetworkPolicyEvaluator.Matches(
            listener.AllowedRoutes.Namespaces.Selector,
            new Dictionary<string, string>(StringComparer.Ordinal) { [PlatformNamespaces.NameLabel] = routeNamespace }),
        _ => routeNamespace == gateway.Metadata.NamespaceProperty,
    };

    /// <summary>A rule that only redirects to https: one <c>RequestRedirect</c> filter with scheme https and no backend.</summary>
    public static bool RedirectsToHttps(HttpRouteRule rule) =>
        (rule.BackendRefs?.Count ?? 0) == 0
        && rule.Filters is [{ Type: "RequestRedirect", RequestRedirect.Scheme: "https" }];

    /// <summary><c>namespace/name</c> of a route.</summary>
    public static string Name(HttpRoute route) => $"{route.Metadata.NamespaceProperty}/{route.Metadata.Name}";

    /// <summary><c>namespace/name</c> of a gateway.</summary>
    public static string Name(Gateway gateway) => $"{gateway.Metadata.NamespaceProperty}/{gateway.Metadata.Name}";
}
