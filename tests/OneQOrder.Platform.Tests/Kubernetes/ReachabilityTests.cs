using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Evaluates the rendered NetworkPolicies (parsed back from YAML) for every ordered pair of namespaces and the ports
/// that matter, and checks the result against the business flow of DESIGN.md written out independently here.
/// </summary>
public sealed class ReachabilityTests
{
    private static readonly string[] Services = ["oneq-order", "pg", "appcard", "card", "bank"];
    private static readonly string[] Namespaces = [.. Services, "monitoring", "linkerd", "kube-system"];

    /// <summary>DESIGN.md, "Business traffic flow", caller → callee.</summary>
    private static readonly (string From, string To)[] DesignFlow =
    [
        ("oneq-order", "pg"), ("pg", "card"), ("pg", "appcard"), ("pg", "bank"), ("appcard", "card"), ("card", "bank"),
    ];

    /// <summary>Every port a rule could plausibly open: mesh, admin, DNS, control plane, the service port, Prometheus, HTTPS.</summary>
    private static readonly (int Port, string Protocol)[] Probes =
    [
        (4143, "TCP"), (4191, "TCP"), (53, "UDP"), (53, "TCP"), (8080, "TCP"), (8086, "TCP"), (8090, "TCP"),
        (9090, "TCP"), (443, "TCP"), (4190, "TCP"), (4140, "TCP"),
    ];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Exactly_the_declared_calls_and_platform_paths_are_open(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(Repository.Stack(stack));

        // Act
        var open = OpenPaths(plan);

        // Assert
        Assert.Equal(Expected(DesignFlow), open);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Removing_pg_to_card_closes_exactly_that_path(string stack)
    {
        // Arrange
        var settings = Repository.Stack(stack);
        var changed = settings with { Calls = settings.Calls.Where(c => c != new CallSettings("pg", "card")).ToList() };

        // Act
        var before = OpenPaths(PlatformPlanner.Build(settings));
        var after = OpenPaths(PlatformPlanner.Build(changed));

        // Assert
        Assert.Equal(["pg -> card 4143/TCP"], before.Except(after));
        Assert.Empty(after.Except(before));
        Assert.Equal(Expected(DesignFlow.Where(c => c != ("pg", "card"))), after);
    }

    [Fact]
    public void Service_pods_in_the_same_namespace_cannot_reach_each_other_unmeshed_or_meshed()
    {
        var plan = PlatformPlanner.Build(Repository.Stack("prod"));
        var evaluator = new NetworkPolicyEvaluator(RenderedDocuments.NetworkPolicies(plan.ServiceNamespaces));

        var open = Probes.Where(p => evaluator.Allows(Pod("card"), Pod("card"), p.Port, p.Protocol));

        Assert.Empty(open);
    }

    /// <summary>The open paths that involve at least one service namespace, as "from -> to port/protocol".</summary>
    private static SortedSet<string> OpenPaths(PlatformPlan plan)
    {
        var evaluator = new NetworkPolicyEvaluator(RenderedDocuments.NetworkPolicies(plan.ServiceNamespaces));
        var open = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var from in Namespaces)
        {
            foreach (var to in Namespaces.Where(to => Services.Contains(from) || Services.Contains(to)))
            {
                foreach (var (port, protocol) in Probes.Where(p => evaluator.Allows(Pod(from), Pod(to), p.Port, p.Protocol)))
                {
                    open.Add($"{from} -> {to} {port}/{protocol}");
                }
            }
        }

        return open;
    }

    private static SortedSet<string> Expected(IEnumerable<(string From, string To)> calls)
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (from, to) in calls)
        {
            expected.Add($"{from} -> {to} 4143/TCP");
        }

        foreach (var service in Services)
        {
            expected.Add($"monitoring -> {service} 4191/TCP");
            expected.Add($"{service} -> kube-system 53/UDP");
            expected.Add($"{service} -> kube-system 53/TCP");
            expected.Add($"{service} -> linkerd 8080/TCP");
            expected.Add($"{service} -> linkerd 8086/TCP");
            expected.Add($"{service} -> linkerd 8090/TCP");
        }

        return expected;
    }

    /// <summary>A representative pod of a namespace; kube-system's is the DNS pod (same label on GKE kube-dns and EKS CoreDNS).</summary>
    private static PodRef Pod(string ns) => new(ns, ns == PlatformNamespaces.KubeSystem
        ? new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }
        : new Dictionary<string, string> { ["app.kubernetes.io/name"] = ns });
}
