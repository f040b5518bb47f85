using OneQOrder.Platform.Validation;
using System.Net;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Evaluates the rendered NetworkPolicies (parsed back from YAML) of the service namespaces and monitoring for every
/// ordered pair of namespaces (and the API server) and the ports that matter, and checks the result against the
/// business flow of DESIGN.md and the platform paths written out independently here.
/// </summary>
public sealed class ReachabilityTests
{
    private static readonly string[] Services = ["oneq-order", "pg", "appcard", "card", "bank"];
    private static readonly string[] Namespaces = [.. Services, "monitoring", "linkerd", "linkerd-viz", "kube-system"];

    /// <summary>The API server as a source: not a pod, named only by its address.</summary>
    private const string ApiServer = "api-server";

    /// <summary>Namespaces none of whose pods the layer isolates for egress: on EKS their pods share the API server's subnets.</summary>
    private static readonly string[] UnisolatedPlatform = ["linkerd", "linkerd-viz", "kube-system"];

    /// <summary>DESIGN.md, "Business traffic flow", caller → callee.</summary>
    private static readonly (string From, string To)[] DesignFlow =
    [
        ("oneq-order", "pg"), ("pg", "card"), ("pg", "appcard"), ("pg", "bank"), ("appcard", "card"), ("card", "bank"),
    ];

    /// <summary>Every port a rule could plausibly open: mesh, admin, DNS, control plane, the service port, Prometheus, HTTPS.</summary>
    private static readonly (int Port, string Protocol)[] Probes =
    [
        (4143, "TCP"), (4191, "TCP"), (53, "UDP"), (53, "TCP"), (8080, "TCP"), (8086, "TCP"), (8090, "TCP"),
        (9090, "TCP"), (443, "TCP"), (4190, "TCP"), (4140, "TCP"), (10250, "TCP"), (9093, "TCP"), (3000, "TCP"), (9100, "TCP"),
    ];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Exactly_the_declared_calls_and_platform_paths_are_open(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        // Act
        var open = OpenPaths(plan);

        // Assert
        Assert.Equal(Expected(plan, DesignFlow), open);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Removing_pg_to_card_closes_exactly_that_path(string stack)
    {
        // Arrange
        var settings = Repository.Stack(stack);
        var changed = StackConfiguration.Validate(settings with { Calls = settings.Calls.Where(c => c != new CallSettings("pg", "card")).ToList() });

        // Act
        var before = OpenPaths(PlatformPlanner.Build(StackConfiguration.Validate(settings)));
        var changedPlan = PlatformPlanner.Build(changed);
        var after = OpenPaths(changedPlan);

        // Assert
        Assert.Equal(["pg -> card 4143/TCP"], before.Except(after));
        Assert.Empty(after.Except(before));
        Assert.Equal(Expected(changedPlan, DesignFlow.Where(c => c != ("pg", "card"))), after);
    }

    [Fact]
    public void Service_pods_in_the_same_namespace_cannot_reach_each_other_unmeshed_or_meshed()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var evaluator = Evaluator(plan);

        var open = Probes.Where(p => evaluator.Allows(Pod(plan, "card"), Pod(plan, "card"), p.Port, p.Protocol));

        Assert.Empty(open);
    }

    [Theory]
    [InlineData("dev", new int[0])]
    [InlineData("prod", new[] { 10250 })]
    public void Only_the_api_server_reaches_the_monitoring_webhook_and_on_eks_so_do_pods_in_its_subnets_with_open_egress(string stack, int[] fromUnisolatedPlatform)
    {
        // Arrange
        var plan = PlatformPlanner.Build(Repository.Validated(stack));
        var evaluator = Evaluator(plan);
        var monitoring = Pod(plan, "monitoring");

        // Act
        int[] OpenFrom(string from) => Probes.Where(p => evaluator.Allows(Pod(plan, from), monitoring, p.Port, p.Protocol)).Select(p => p.Port).ToArray();

        // Assert
        Assert.All(Services, s => Assert.Empty(OpenFrom(s)));
        Assert.Equal(fromUnisolatedPlatform, OpenFrom("linkerd"));
        Assert.Equal(fromUnisolatedPlatform, OpenFrom("kube-system"));
        Assert.Equal([10250], OpenFrom(ApiServer));
        Assert.All(Services, s => Assert.True(evaluator.Allows(monitoring, Pod(plan, s), 4191, "TCP"), $"monitoring cannot scrape {s}"));
    }

    private static NetworkPolicyEvaluator Evaluator(PlatformPlan plan) =>
        new(RenderedDocuments.NetworkPolicies(plan.ServiceNamespaces.Append(plan.Monitoring.Manifests)));

    /// <summary>The open paths that involve a service namespace or end in monitoring, as "from -> to port/protocol".</summary>
    private static SortedSet<string> OpenPaths(PlatformPlan plan)
    {
        var evaluator = Evaluator(plan);
        var open = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var from in Namespaces.Append(ApiServer))
        {
            foreach (var to in Namespaces.Where(to => Services.Contains(from) || Services.Contains(to) || to == "monitoring"))
            {
                foreach (var (port, protocol) in Probes.Where(p => evaluator.Allows(Pod(plan, from), Pod(plan, to), p.Port, p.Protocol)))
                {
                    open.Add($"{from} -> {to} {port}/{protocol}");
                }
            }
        }

        return open;
    }

    private static SortedSet<string> Expected(PlatformPlan plan, IEnumerable<(string From, string To)> calls)
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal)
        {
            "api-server -> monitoring 10250/TCP",
            "linkerd-viz -> monitoring 9090/TCP",
        };
        foreach (var (port, protocol) in Probes)
        {
            expected.Add($"monitoring -> monitoring {port}/{protocol}");
        }

        // EKS: the webhook allow names the private subnets, where pods of namespaces without an egress policy live too.
        foreach (var platform in IsEks(plan) ? UnisolatedPlatform : [])
        {
            expected.Add($"{platform} -> monitoring 10250/TCP");
        }

        foreach (var (from, to) in calls)
        {
            expected.Add($"{from} -> {to} 4143/TCP");
        }

        foreach (var service in Services)
        {
            expected.Add($"monitoring -> {service} 4191/TCP");
            expected.Add($"linkerd-viz -> {service} 4190/TCP");
            expected.Add($"{service} -> kube-system 53/UDP");
            expected.Add($"{service} -> kube-system 53/TCP");
            expected.Add($"{service} -> linkerd 8080/TCP");
            expected.Add($"{service} -> linkerd 8086/TCP");
            expected.Add($"{service} -> linkerd 8090/TCP");
        }

        return expected;
    }

    private static bool IsEks(PlatformPlan plan) => plan.Network.Cloud == Cloud.Aws;

    /// <summary>
    /// A representative pod of a namespace, with an address in the pod range; kube-system's is the DNS pod (same label
    /// on GKE kube-dns and EKS CoreDNS). The API server is no pod: an address in its range and no namespace.
    /// </summary>
    private static PodRef Pod(PlatformPlan plan, string ns)
    {
        if (ns == ApiServer)
        {
            return new PodRef(null, new Dictionary<string, string>(), AddressIn(PodNetworks.ApiServerOf(plan.Network)[0], 2));
        }

        var labels = ns == PlatformNamespaces.KubeSystem
            ? new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }
            : new Dictionary<string, string> { ["app.kubernetes.io/name"] = ns };
        return new PodRef(ns, labels, AddressIn(PodNetworks.Of(plan.Network)[0], 10 + Array.IndexOf(Namespaces, ns)));
    }

    private static IPAddress AddressIn(string cidr, int offset)
    {
        var bytes = IPNetwork.Parse(cidr).BaseAddress.GetAddressBytes();
        bytes[^1] += (byte)offset;
        return new IPAddress(bytes);
    }
}
