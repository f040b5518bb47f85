using System.Net;
using k8s.Models;

namespace OneQOrder.Platform.Kubernetes;

/// <summary>
/// An endpoint as the evaluator sees it: a pod (its namespace and labels) or, with no namespace, something outside
/// the pod network such as the API server; and its address, which ipBlock peers match.
/// </summary>
/// <param name="Namespace">The pod's namespace; <see langword="null"/> for a source outside the pod network.</param>
/// <param name="Labels">The pod's labels, which podSelectors match.</param>
/// <param name="Address">The pod's (or source's) address, which ipBlock peers match.</param>
public sealed record PodRef(string? Namespace, IReadOnlyDictionary<string, string> Labels, IPAddress Address)
{
    /// <summary>Any pod of <paramref name="ns"/>, at <paramref name="address"/>: what <c>podSelector: {}</c> policies see.</summary>
    public static PodRef InNamespace(string ns, IPAddress address) => new(ns, new Dictionary<string, string>(), address);

    /// <inheritdoc />
    public override string ToString() => $"{Namespace ?? Address.ToString()}/{string.Join(',', Labels.Select(l => $"{l.Key}={l.Value}"))}";
}

/// <summary>
/// A small evaluator of Kubernetes NetworkPolicy semantics (kubernetes.io/docs/concepts/services-networking/network-policies):
/// a connection is allowed when the source pod's egress AND the destination pod's ingress allow it; a pod that no
/// policy selects for a direction is not isolated in that direction; isolated pods accept only what some rule of some
/// selecting policy allows (rules are unioned). Peers: podSelector alone means the policy's namespace;
/// namespaceSelector (with an optional podSelector) any namespace whose labels match; empty or missing from/to
/// means every peer; empty or missing ports means every port. ipBlock matches the peer's address, pods included: the
/// API leaves pod addresses in an ipBlock to the implementation, and the EKS VPC CNI agent matches them by address,
/// so the evaluator takes the wider reading. Named ports are not used by the layer and are rejected rather than guessed.
/// The guardrail checks (NET-02, MESH-04) evaluate the planned policies with it; the reachability tests evaluate the
/// same policies parsed back from the rendered YAML.
/// </summary>
public sealed class NetworkPolicyEvaluator(IReadOnlyList<V1NetworkPolicy> policies)
{
    // Indexed once: a guardrail check asks about every pair of namespaces, so a scan of all policies (and a parse of
    // every ipBlock) per question made a 2,000-service plan quadratic in policies as well as in pairs.
    private readonly ILookup<string?, V1NetworkPolicy> byNamespace = policies.ToLookup(p => (string?)p.Metadata.NamespaceProperty);
    private readonly Dictionary<string, IPNetwork> networks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string?, bool), List<V1NetworkPolicy>> selectingAnyPod = [];
    private readonly Dictionary<string, Dictionary<string, string>> namespaceLabels = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="from"/>'s egress and <paramref name="to"/>'s ingress both admit the connection.</summary>
    public bool Allows(PodRef from, PodRef to, int port, string protocol) =>
        Direction(from, isEgress: true, peer: to, port, protocol) && Direction(to, isEgress: false, peer: from, port, protocol);

    private bool Direction(PodRef pod, bool isEgress, PodRef peer, int port, string protocol)
    {
        var selecting = Selecting(pod, isEgress);
        if (selecting.Count == 0)
        {
            return true;
        }

        return selecting.Any(p => isEgress
            ? (p.Spec.Egress ?? []).Any(r => Peers(r.To, p, peer) && Ports(r.Ports, port, protocol))
            : (p.Spec.Ingress ?? []).Any(r => Peers(r.FromProperty, p, peer) && Ports(r.Ports, port, protocol)));
    }

    /// <summary>The policies that select <paramref name="pod"/> for a direction; cached for label-less pods (any pod of a namespace).</summary>
    private IReadOnlyList<V1NetworkPolicy> Selecting(PodRef pod, bool isEgress)
    {
        List<V1NetworkPolicy> Compute() => byNamespace[pod.Namespace]
            .Where(p => Matches(p.Spec.PodSelector, pod.Labels) && HasType(p.Spec, isEgress))
            .ToList();
        if (pod.Labels.Count > 0)
        {
            return Compute();
        }

        var key = (pod.Namespace, isEgress);
        if (!selectingAnyPod.TryGetValue(key, out var selecting))
        {
            selectingAnyPod[key] = selecting = Compute();
        }

        return selecting;
    }

    /// <summary>policyTypes, or when absent: Ingress always, Egress when egress rules exist (API defaulting).</summary>
    private static bool HasType(V1NetworkPolicySpec spec, bool isEgress) =>
        spec.PolicyTypes is { Count: > 0 } types
            ? types.Contains(isEgress ? "Egress" : "Ingress")
            : !isEgress || spec.Egress is { Count: > 0 };

    private bool Peers(IList<V1NetworkPolicyPeer>? peers, V1NetworkPolicy policy, PodRef peer) =>
        peers is not { Count: > 0 } || peers.Any(p => Peer(p, policy, peer));

    private bool Peer(V1NetworkPolicyPeer p, V1NetworkPolicy policy, PodRef peer)
    {
        if (p.IpBlock is { } block)
        {
            return Network(block.Cidr).Contains(peer.Address)
                && !(block.Except ?? []).Any(e => Network(e).Contains(peer.Address));
        }

        if (peer.Namespace is null)
        {
            return false;
        }

        var namespaceMatches = p.NamespaceSelector is null
            ? peer.Namespace == policy.Metadata.NamespaceProperty
            : Matches(p.NamespaceSelector, NamespaceLabels(peer.Namespace));
        return namespaceMatches && (p.PodSelector is null || Matches(p.PodSelector, peer.Labels));
    }

    private IPNetwork Network(string cidr)
    {
        if (!networks.TryGetValue(cidr, out var network))
        {
            networks[cidr] = network = IPNetwork.Parse(cidr);
        }

        return network;
    }

    /// <summary>The labels the API server sets on every namespace.</summary>
    private Dictionary<string, string> NamespaceLabels(string ns)
    {
        if (!namespaceLabels.TryGetValue(ns, out var labels))
        {
            namespaceLabels[ns] = labels = new() { ["kubernetes.io/metadata.name"] = ns };
        }

        return labels;
    }

    private static bool Ports(IList<V1NetworkPolicyPort>? ports, int port, string protocol) =>
        ports is not { Count: > 0 } || ports.Any(p => (p.Protocol ?? "TCP") == protocol && PortMatches(p, port));

    private static bool PortMatches(V1NetworkPolicyPort p, int port)
    {
        if (p.Port is null)
        {
            return true;
        }

        if (!int.TryParse(p.Port.Value, out var number))
        {
            throw new NotSupportedException($"named port '{p.Port.Value}' is not evaluated");
        }

        return p.EndPort is { } end ? port >= number && port <= end : port == number;
    }

    /// <summary>Label selector semantics: every matchLabels entry and every matchExpressions requirement holds.</summary>
    public static bool Matches(V1LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        var labelsMatch = (selector.MatchLabels ?? new Dictionary<string, string>())
            .All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
        var expressionsMatch = (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => throw new NotSupportedException(e.OperatorProperty),
        });
        return labelsMatch && expressionsMatch;
    }
}
