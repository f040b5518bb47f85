using System.Text.Json.Serialization;
using k8s.Models;

namespace OneQOrder.Platform.Rendering;

// Envoy Gateway's extension kinds (gateway.envoyproxy.io/v1alpha1), with only the fields the edge sets. Field names
// and shapes: envoyproxy/gateway v1.9.0 api/v1alpha1/{envoyproxy,clienttrafficpolicy,backendtrafficpolicy,
// ratelimit}_types.go and the CRDs generated from them (shared/schemas/gateway.envoyproxy.io).

/// <summary>The spec of an EnvoyProxy: how Envoy Gateway deploys and exposes the Envoy pods of a GatewayClass.</summary>
/// <param name="Provider">The Kubernetes resources Envoy Gateway renders for the proxies.</param>
/// <param name="RoutingType"><c>Service</c>: Envoy sends to the Service's cluster IP (so the Linkerd proxy beside it picks the endpoint and does mTLS) instead of to endpoints it resolves itself (<c>Endpoint</c>, the default).</param>
public sealed record EnvoyProxySpec(EnvoyProxyProvider Provider, string RoutingType);

/// <summary><c>provider</c>: type <c>Kubernetes</c>.</summary>
public sealed record EnvoyProxyProvider(string Type, EnvoyProxyKubernetesProvider Kubernetes);

/// <summary><c>provider.kubernetes</c>: the Deployment, its PodDisruptionBudget, the Service and the ServiceAccount.</summary>
public sealed record EnvoyProxyKubernetesProvider(
    EnvoyDeploymentSpec EnvoyDeployment,
    EnvoyServiceSpec EnvoyService,
    EnvoyServiceAccountSpec EnvoyServiceAccount,
    [property: JsonPropertyName("envoyPDB")] EnvoyPdbSpec? EnvoyPdb);

/// <summary><c>envoyDeployment</c>: replicas and pod settings.</summary>
public sealed record EnvoyDeploymentSpec(int Replicas, EnvoyPodSpec Pod);

/// <summary><c>envoyDeployment.pod</c>: annotations (Linkerd) and topology spread.</summary>
public sealed record EnvoyPodSpec(IReadOnlyDictionary<string, string> Annotations, IReadOnlyList<V1TopologySpreadConstraint> TopologySpreadConstraints);

/// <summary><c>envoyPDB</c>: the PodDisruptionBudget Envoy Gateway creates for the proxies.</summary>
public sealed record EnvoyPdbSpec(int MinAvailable);

/// <summary><c>envoyService</c>: the LoadBalancer Service in front of the proxies: the one cloud L4 load balancer.</summary>
public sealed record EnvoyServiceSpec(
    string Type,
    string? LoadBalancerClass,
    IReadOnlyDictionary<string, string> Annotations,
    string ExternalTrafficPolicy,
    IReadOnlyList<string> LoadBalancerSourceRanges);

/// <summary><c>envoyServiceAccount</c>: the proxies' ServiceAccount, named so their mesh identity is known before they exist.</summary>
public sealed record EnvoyServiceAccountSpec(string Name);

/// <summary><c>gateway.envoyproxy.io/v1alpha1 EnvoyProxy</c> (schema: envoyproxy_v1alpha1.json).</summary>
public sealed record EnvoyProxy(V1ObjectMeta Metadata, EnvoyProxySpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = EnvoyGatewayGroup.Version;

    public string Kind { get; init; } = "EnvoyProxy";
}

/// <summary>The object a policy attaches to (<c>targetRefs[]</c>): here the Gateway.</summary>
public sealed record PolicyTargetReference(string Group, string Kind, string Name);

/// <summary><c>tls</c> of a ClientTrafficPolicy: the listeners' minimum TLS version.</summary>
public sealed record ClientTlsSettings(string MinVersion);

/// <summary><c>timeout.http</c> of a ClientTrafficPolicy.</summary>
/// <param name="RequestReceivedTimeout">How long Envoy waits for the whole request (slow clients).</param>
public sealed record ClientHttpTimeout(string RequestReceivedTimeout);

/// <summary><c>timeout</c> of a ClientTrafficPolicy.</summary>
public sealed record ClientTimeout(ClientHttpTimeout Http);

/// <summary><c>connection</c> of a ClientTrafficPolicy: the per-connection buffer (bytes).</summary>
public sealed record ClientConnection(long BufferLimit);

/// <summary>Headers set on every response (<c>headers.lateResponseHeaders</c>).</summary>
public sealed record HeaderModifier(IReadOnlyList<HttpHeader> Set);

/// <summary><c>headers</c> of a ClientTrafficPolicy.</summary>
/// <param name="WithUnderscoresAction">What to do with header names holding underscores (<c>RejectRequest</c>).</param>
/// <param name="LateResponseHeaders">Headers set on every response the listener sends, local replies included.</param>
public sealed record ClientHeaders(string WithUnderscoresAction, HeaderModifier LateResponseHeaders);

/// <summary><c>proxyProtocol</c>: the listener reads a PROXY protocol header; <c>optional: false</c> rejects a connection without one.</summary>
public sealed record ProxyProtocolSettings(bool Optional);

/// <summary>The spec of a ClientTrafficPolicy: the listener (client) side of the gateway.</summary>
public sealed record ClientTrafficPolicySpec(
    IReadOnlyList<PolicyTargetReference> TargetRefs,
    ClientTlsSettings Tls,
    ClientTimeout Timeout,
    ClientConnection Connection,
    ClientHeaders Headers,
    ProxyProtocolSettings? ProxyProtocol);

/// <summary><c>gateway.envoyproxy.io/v1alpha1 ClientTrafficPolicy</c> (schema: clienttrafficpolicy_v1alpha1.json).</summary>
public sealed record ClientTrafficPolicy(V1ObjectMeta Metadata, ClientTrafficPolicySpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = EnvoyGatewayGroup.Version;

    public string Kind { get; init; } = "ClientTrafficPolicy";
}

/// <summary>A client address match of a rate-limit rule: <c>Distinct</c> gives every address in the range its own bucket.</summary>
public sealed record SourceMatch(string Type, string Value);

/// <summary>One select condition of a rate-limit rule.</summary>
public sealed record RateLimitSelectCondition([property: JsonPropertyName("sourceCIDR")] SourceMatch SourceCidr);

/// <summary>A rate limit: requests per unit.</summary>
public sealed record RateLimitValue(int Requests, string Unit);

/// <summary>One rate-limit rule: the clients it selects and their limit.</summary>
public sealed record RateLimitRule(IReadOnlyList<RateLimitSelectCondition> ClientSelectors, RateLimitValue Limit);

/// <summary><c>rateLimit.local</c>: counted in each Envoy replica.</summary>
public sealed record LocalRateLimit(IReadOnlyList<RateLimitRule> Rules);

/// <summary><c>rateLimit</c> of a BackendTrafficPolicy.</summary>
public sealed record RateLimitSpec(LocalRateLimit Local);

/// <summary><c>timeout.http</c> of a BackendTrafficPolicy.</summary>
/// <param name="RequestTimeout">The route's end-to-end timeout (then 504).</param>
public sealed record BackendHttpTimeout(string RequestTimeout);

/// <summary><c>timeout</c> of a BackendTrafficPolicy.</summary>
public sealed record BackendTimeout(BackendHttpTimeout Http);

/// <summary><c>requestBuffer</c>: buffer each request whole; one larger than <paramref name="Limit"/> bytes is refused with 413.</summary>
public sealed record RequestBufferSpec(long Limit);

/// <summary>The spec of a BackendTrafficPolicy: the route (upstream) side of the gateway.</summary>
public sealed record BackendTrafficPolicySpec(IReadOnlyList<PolicyTargetReference> TargetRefs, RateLimitSpec RateLimit, BackendTimeout Timeout, RequestBufferSpec RequestBuffer);

/// <summary><c>gateway.envoyproxy.io/v1alpha1 BackendTrafficPolicy</c> (schema: backendtrafficpolicy_v1alpha1.json).</summary>
public sealed record BackendTrafficPolicy(V1ObjectMeta Metadata, BackendTrafficPolicySpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = EnvoyGatewayGroup.Version;

    public string Kind { get; init; } = "BackendTrafficPolicy";
}

/// <summary>Envoy Gateway's API group and version, spelled once.</summary>
public static class EnvoyGatewayGroup
{
    /// <summary>The API group.</summary>
    public const string Group = "gateway.envoyproxy.io";

    /// <summary>The only version the v1.9.0 CRDs serve.</summary>
    public const string Version = Group + "/v1alpha1";
}
