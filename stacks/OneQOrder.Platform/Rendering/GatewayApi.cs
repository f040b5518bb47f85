using k8s.Models;

namespace OneQOrder.Platform.Rendering;

// Gateway API standard-channel kinds (gateway.networking.k8s.io/v1), with only the fields the edge sets. Every field
// below exists in both the v1.2.1 and the v1.6.1 standard schemas (shared/schemas/gateway-api-v1.{2,6}.1-standard),
// which EdgeSchemaTests check object by object: Linkerd edge-26.8.3 ignores a Gateway API resource with a field newer
// than 1.2.1 (linkerd.io 2-edge/features/gateway-api, compatibility footnote), so nothing newer is used.

/// <summary>A reference to the object that holds a GatewayClass's parameters (<c>spec.parametersRef</c>).</summary>
/// <param name="Group">API group of the referent (<c>gateway.envoyproxy.io</c>).</param>
/// <param name="Kind">Kind of the referent (<c>EnvoyProxy</c>).</param>
/// <param name="Name">Name of the referent.</param>
/// <param name="Namespace">Namespace of a namespaced referent.</param>
public sealed record ParametersReference(string Group, string Kind, string Name, string? Namespace = null);

/// <summary>The spec of a GatewayClass: which controller implements it and with which parameters.</summary>
public sealed record GatewayClassSpec(string ControllerName, ParametersReference? ParametersRef = null);

/// <summary><c>gateway.networking.k8s.io/v1 GatewayClass</c> (schema: gatewayclass_v1.json).</summary>
public sealed record GatewayClass(V1ObjectMeta Metadata, GatewayClassSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = GatewayApiGroup.Version;

    public string Kind { get; init; } = "GatewayClass";
}

/// <summary>A certificate Secret of a listener (<c>tls.certificateRefs[]</c>; kind defaults to Secret).</summary>
public sealed record SecretObjectReference(string Name);

/// <summary>A listener's TLS: <c>Terminate</c> with the certificate Secrets.</summary>
public sealed record GatewayTlsConfig(string Mode, IReadOnlyList<SecretObjectReference> CertificateRefs);

/// <summary>Which namespaces' routes may attach: <c>Same</c>, <c>All</c> or <c>Selector</c> with a namespace selector.</summary>
public sealed record RouteNamespaces(string From, V1LabelSelector? Selector = null);

/// <summary>A listener's <c>allowedRoutes</c>.</summary>
public sealed record AllowedRoutes(RouteNamespaces Namespaces);

/// <summary>One listener of a Gateway.</summary>
/// <param name="Name">The listener's name: what a route's <c>parentRefs[].sectionName</c> names.</param>
/// <param name="Port">The port on the load balancer (Envoy Gateway adds 10000 to a port below 1024 for the container).</param>
/// <param name="Protocol"><c>HTTPS</c> or <c>HTTP</c>.</param>
/// <param name="Hostname">The host the listener serves; null: any.</param>
/// <param name="Tls">Termination and certificate (HTTPS only).</param>
/// <param name="AllowedRoutes">Which namespaces' routes may attach.</param>
public sealed record GatewayListener(string Name, int Port, string Protocol, string? Hostname, GatewayTlsConfig? Tls, AllowedRoutes AllowedRoutes);

/// <summary>The spec of a Gateway.</summary>
public sealed record GatewaySpec(string GatewayClassName, IReadOnlyList<GatewayListener> Listeners);

/// <summary><c>gateway.networking.k8s.io/v1 Gateway</c> (schema: gateway_v1.json).</summary>
public sealed record Gateway(V1ObjectMeta Metadata, GatewaySpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = GatewayApiGroup.Version;

    public string Kind { get; init; } = "Gateway";
}

/// <summary>A route's parent: a Gateway listener (<c>parentRefs[]</c>; group and kind default to a Gateway).</summary>
public sealed record ParentReference(string Name, string? Namespace, string? SectionName);

/// <summary>A backend of a rule: a Service (kind defaults to Service) and its port.</summary>
public sealed record HttpBackendRef(string Name, int Port);

/// <summary>A header name and value.</summary>
public sealed record HttpHeader(string Name, string Value);

/// <summary>A <c>RequestRedirect</c> filter: answer with a redirect instead of forwarding.</summary>
public sealed record HttpRequestRedirectFilter(string Scheme, int StatusCode);

/// <summary>A filter of a rule; the member its <paramref name="Type"/> names is set (only <c>RequestRedirect</c> is used).</summary>
public sealed record HttpRouteFilter(string Type, HttpRequestRedirectFilter? RequestRedirect);

/// <summary>One rule of an HTTPRoute; without matches it matches every path (<c>PathPrefix /</c>).</summary>
public sealed record HttpRouteRule(IReadOnlyList<HttpBackendRef>? BackendRefs, IReadOnlyList<HttpRouteFilter>? Filters);

/// <summary>The spec of an HTTPRoute.</summary>
public sealed record HttpRouteSpec(IReadOnlyList<ParentReference> ParentRefs, IReadOnlyList<string> Hostnames, IReadOnlyList<HttpRouteRule> Rules);

/// <summary><c>gateway.networking.k8s.io/v1 HTTPRoute</c> (schema: httproute_v1.json).</summary>
public sealed record HttpRoute(V1ObjectMeta Metadata, HttpRouteSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = GatewayApiGroup.Version;

    public string Kind { get; init; } = "HTTPRoute";
}

/// <summary>The Gateway API group and version, and references into it, spelled once.</summary>
public static class GatewayApiGroup
{
    /// <summary>The API group.</summary>
    public const string Group = "gateway.networking.k8s.io";

    /// <summary>The served version every rendered object uses.</summary>
    public const string Version = Group + "/v1";
}
