using System.Net;
using OneQOrder.Platform.Rendering;

namespace OneQOrder.Platform.Kubernetes;

/// <summary>A client of a meshed pod as Linkerd's inbound policy sees it: its mTLS identity (null: unmeshed) and address.</summary>
/// <param name="MeshIdentity">The client's mTLS identity, e.g. <c>pg.pg.serviceaccount.identity.linkerd.cluster.local</c>; null for an unmeshed client.</param>
/// <param name="Address">Its address, which NetworkAuthentications match.</param>
public sealed record InboundClient(string? MeshIdentity, IPAddress Address);

/// <summary>A port of a meshed pod: its number and, when the container names it, its name (Servers may select either).</summary>
public sealed record InboundPort(int Number, string? Name = null);

/// <summary>
/// A small evaluator of Linkerd's inbound authorization (linkerd.io/2/reference/authorization-policy, edge-26.8.3): a
/// connection to a port that a Server selects is allowed when an AuthorizationPolicy targeting that Server has all of
/// its required authentications satisfied (MeshTLSAuthentication: the client's identity; NetworkAuthentication: its
/// address), else the Server's <c>accessPolicy</c> decides; a port no Server selects falls back to the namespace's
/// default inbound policy. Kubelet probes are not modelled here: the policy controller authorizes the pod's probe
/// paths on every port without HTTPRoutes (policy-controller inbound index <c>default_inbound_http_routes</c>),
/// which the MESH-08 check and InboundPolicyTests cover separately.
/// </summary>
/// <param name="defaultPolicy">The namespace's <c>config.linkerd.io/default-inbound-policy</c>.</param>
/// <param name="objects">The namespace's Linkerd policy objects (others are ignored).</param>
public sealed class LinkerdInboundEvaluator(string defaultPolicy, IReadOnlyList<object> objects)
{
    /// <summary>True when Linkerd admits <paramref name="client"/> to <paramref name="port"/> of a pod labelled <paramref name="podLabels"/>.</summary>
    public bool Allows(InboundClient client, InboundPort port, IReadOnlyDictionary<string, string> podLabels)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(port);
        var servers = objects.OfType<LinkerdServer>()
            .Where(s => NetworkPolicyEvaluator.Matches(s.Spec.PodSelector, podLabels) && Selects(s, port))
            .ToList();
        return servers.Count == 0
            ? Default(defaultPolicy, client)
            : servers.Any(s => Authorized(s, client) || Default(s.Spec.AccessPolicy, client));
    }

    private static bool Selects(LinkerdServer server, InboundPort port) =>
        server.Spec.Port.Value == port.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)
        || (port.Name is not null && server.Spec.Port.Value == port.Name);

    /// <summary>The default policies (authorization-policy reference); the cluster-* ones read as their non-cluster form here.</summary>
    private static bool Default(string policy, InboundClient client) => policy switch
    {
        "deny" => false,
        "all-authenticated" or "cluster-authenticated" => client.MeshIdentity is not null,
        "all-unauthenticated" or "cluster-unauthenticated" or "audit" => true,
        _ => throw new NotSupportedException($"default inbound policy '{policy}'"),
    };

    private bool Authorized(LinkerdServer server, InboundClient client) => objects.OfType<AuthorizationPolicy>()
        .Where(a => a.Spec.TargetRef.Kind == "Server" && a.Spec.TargetRef.Name == server.Metadata.Name)
        .Any(a => a.Spec.RequiredAuthenticationRefs.All(r => Satisfies(r, client)));

    private bool Satisfies(PolicyRef reference, InboundClient client) => reference.Kind switch
    {
        "MeshTLSAuthentication" => client.MeshIdentity is { } identity && objects.OfType<MeshTlsAuthentication>()
            .Where(m => m.Metadata.Name == reference.Name)
            .Any(m => m.Spec.Identities.Any(i => i == "*" || i == identity)),
        "NetworkAuthentication" => objects.OfType<NetworkAuthentication>()
            .Where(n => n.Metadata.Name == reference.Name)
            .Any(n => n.Spec.Networks.Any(net => IPNetwork.Parse(net.Cidr).Contains(client.Address))),
        _ => throw new NotSupportedException($"authentication kind '{reference.Kind}'"),
    };
}
