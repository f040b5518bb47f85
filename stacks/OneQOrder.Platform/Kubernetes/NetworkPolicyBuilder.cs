using OneQOrder.Platform.Rendering;
using k8s.Models;

namespace OneQOrder.Platform.Kubernetes;

/// <summary>
/// Builders for the NetworkPolicies the layer renders, shared by the service namespaces and monitoring so both get
/// the same default-deny, labels and peer shapes.
/// </summary>
internal static class NetworkPolicyBuilder
{
    /// <summary>The name of every namespace's default-deny policy (tests and docs refer to it).</summary>
    public const string DefaultDenyName = "default-deny";

    /// <summary>Every pod of the namespace isolated both ways (GUARDRAILS #4, PCI 1.3.1/1.3.2): only explicit allows remain.</summary>
    public static V1NetworkPolicy DefaultDeny(string ns) => Policy(DefaultDenyName, ns, new V1NetworkPolicySpec
    {
        PodSelector = KubeObjects.AllPods(),
        PolicyTypes = ["Ingress", "Egress"],
    });

    public static V1NetworkPolicy Policy(string name, string ns, V1NetworkPolicySpec spec) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = KubeObjects.Meta(name, ns),
        Spec = spec,
    };

    /// <summary>An ingress allow for every pod of the namespace.</summary>
    public static V1NetworkPolicySpec Ingress(List<V1NetworkPolicyIngressRule> rules) =>
        new() { PodSelector = KubeObjects.AllPods(), PolicyTypes = ["Ingress"], Ingress = rules };

    /// <summary>An egress allow for every pod of the namespace.</summary>
    public static V1NetworkPolicySpec Egress(List<V1NetworkPolicyEgressRule> rules) =>
        new() { PodSelector = KubeObjects.AllPods(), PolicyTypes = ["Egress"], Egress = rules };

    /// <summary>Every pod of one namespace.</summary>
    public static V1NetworkPolicyPeer Peer(string ns) => new() { NamespaceSelector = KubeObjects.NamespaceNamed(ns) };

    /// <summary>Addresses outside the pod selectors' reach (the API server).</summary>
    public static V1NetworkPolicyPeer Addresses(string cidr) => new() { IpBlock = new V1IPBlock { Cidr = cidr } };

    public static V1NetworkPolicyPort Port(int port, string protocol) => new() { Port = port, Protocol = protocol };
}
