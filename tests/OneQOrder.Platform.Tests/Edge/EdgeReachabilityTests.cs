using System.Net;
using System.Text.Json.Nodes;
using k8s;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Kubernetes;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Edge;

/// <summary>
/// Issue 12's acceptance paths, evaluated on the rendered files parsed back (NetworkPolicies of every namespace, the
/// Linkerd policy of each service namespace): internet → gateway listener allowed; gateway → oneq-order and appcard
/// allowed on their service port in both layers; gateway → pg, card, bank denied in both layers; internet → any
/// service pod directly denied. dev is GKE (client addresses reach the pods), prod EKS (the NLB's own addresses do).
/// </summary>
public sealed class EdgeReachabilityTests
{
    private static readonly string[] PublicServices = ["oneq-order", "appcard"];
    private static readonly string[] PrivateServices = ["pg", "card", "bank"];

    /// <summary>An internet client (TEST-NET-2, not in any planned range).</summary>
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_load_balancer_reaches_the_gateway_listeners_and_nothing_else_from_outside_does(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var evaluator = Evaluator(plan);
        var gateway = Pod(plan, PlatformNamespaces.Gateway);

        // Act
        var https = evaluator.Allows(LoadBalancer(plan), gateway, 10443, "TCP");
        var http = evaluator.Allows(LoadBalancer(plan), gateway, 10080, "TCP");
        var admin = evaluator.Allows(LoadBalancer(plan), gateway, PlatformPorts.ProxyAdmin, "TCP");
        var stats = evaluator.Allows(LoadBalancer(plan), gateway, PlatformPorts.EnvoyStats, "TCP");

        // Assert
        Assert.True(https, "the load balancer cannot reach the HTTPS listener");
        Assert.True(http, "the load balancer cannot reach the redirecting HTTP listener");
        Assert.False(admin);
        Assert.False(stats);
    }

    [Fact]
    public void On_eks_only_the_nlb_in_the_public_subnets_reaches_the_gateway_not_a_client_directly()
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("prod"));

        var direct = Evaluator(plan).Allows(Outside(Client), Pod(plan, PlatformNamespaces.Gateway), 10443, "TCP");

        Assert.False(direct);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_gateway_reaches_the_public_services_on_their_port_in_both_layers(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var evaluator = Evaluator(plan);
        var gateway = Pod(plan, PlatformNamespaces.Gateway);

        // Act / Assert
        foreach (var service in PublicServices)
        {
            Assert.True(evaluator.Allows(gateway, Pod(plan, service), PlatformPorts.ProxyInbound, "TCP"), $"NetworkPolicy: gateway -> {service}");
            Assert.True(Mesh(plan, service).Allows(GatewayClient(), new InboundPort(8080), Labels), $"Linkerd: gateway -> {service}:8080");
            Assert.False(Mesh(plan, service).Allows(GatewayClient(), new InboundPort(9999), Labels), $"Linkerd: gateway -> {service} on another port");
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_gateway_cannot_reach_pg_card_or_bank_in_either_layer(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var evaluator = Evaluator(plan);
        var gateway = Pod(plan, PlatformNamespaces.Gateway);

        // Act / Assert
        foreach (var service in PrivateServices)
        {
            Assert.False(evaluator.Allows(gateway, Pod(plan, service), PlatformPorts.ProxyInbound, "TCP"), $"NetworkPolicy: gateway -> {service}");
            Assert.False(evaluator.Allows(gateway, Pod(plan, service), 8080, "TCP"), $"NetworkPolicy: gateway -> {service}:8080");
            Assert.False(Mesh(plan, service).Allows(GatewayClient(), new InboundPort(8080), Labels), $"Linkerd: gateway -> {service}");
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void No_service_pod_is_reachable_from_the_internet_or_the_load_balancer_directly(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var evaluator = Evaluator(plan);

        var open = PublicServices.Concat(PrivateServices)
            .SelectMany(s => new[] { 8080, PlatformPorts.ProxyInbound, 443 }.Select(port => (s, port)))
            .Where(p => evaluator.Allows(Outside(Client), Pod(plan, p.s), p.port, "TCP") || evaluator.Allows(LoadBalancer(plan), Pod(plan, p.s), p.port, "TCP"))
            .ToList();

        Assert.Empty(open);
    }

    [Fact]
    public void Without_an_ingress_no_service_admits_the_gateway()
    {
        var withoutIngress = PlatformPlanner.Build(OneQOrder.Platform.Validation.StackConfiguration.Validate(EdgeStacks.WithoutPublicServices("dev")));
        var evaluator = Evaluator(withoutIngress);

        Assert.Null(withoutIngress.Edge);
        Assert.All(PublicServices, s => Assert.False(evaluator.Allows(PodRef.InNamespace(PlatformNamespaces.Gateway, IPAddress.Parse("10.10.200.1")), Pod(withoutIngress, s), PlatformPorts.ProxyInbound, "TCP")));
        Assert.All(PublicServices, s => Assert.False(Mesh(withoutIngress, s).Allows(GatewayClient(), new InboundPort(8080), Labels)));
    }

    private static readonly Dictionary<string, string> Labels = new() { ["app.kubernetes.io/name"] = "any" };

    private static InboundClient GatewayClient() =>
        new($"{PlatformNamespaces.GatewayProxyServiceAccount}.{PlatformNamespaces.Gateway}.serviceaccount.identity.linkerd.cluster.local", IPAddress.Parse("10.10.200.1"));

    /// <summary>Every NetworkPolicy the plan renders, parsed back from its files.</summary>
    private static NetworkPolicyEvaluator Evaluator(PlatformPlan plan) =>
        new(RenderedDocuments.NetworkPolicies(LayerOutput.Files(plan).Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal))));

    /// <summary>A service namespace's Linkerd inbound policy, from its rendered file and namespace annotation.</summary>
    private static LinkerdInboundEvaluator Mesh(PlatformPlan plan, string service)
    {
        var documents = RenderedDocuments.Parse(plan.ServiceNamespaces.Single(f => f.FileName == $"namespaces/{service}.yaml").Yaml);
        var ns = documents.OfKind("Namespace").Single();
        var policy = (string)ns["metadata"]!["annotations"]!["config.linkerd.io/default-inbound-policy"]!;
        var objects = documents.Select<JsonObject, object?>(d => (string?)d["kind"] switch
        {
            "Server" => KubernetesJson.Deserialize<LinkerdServer>(d.ToJsonString()),
            "AuthorizationPolicy" => KubernetesJson.Deserialize<AuthorizationPolicy>(d.ToJsonString()),
            "MeshTLSAuthentication" => KubernetesJson.Deserialize<MeshTlsAuthentication>(d.ToJsonString()),
            "NetworkAuthentication" => KubernetesJson.Deserialize<NetworkAuthentication>(d.ToJsonString()),
            _ => null,
        }).OfType<object>().ToList();
        return new LinkerdInboundEvaluator(policy, objects);
    }

    /// <summary>Where the load balancer's connections come from: GKE keeps the client's address; the NLB uses its own in a public subnet.</summary>
    private static PodRef LoadBalancer(PlatformPlan plan) =>
        plan.Network.PublicSubnets.FirstOrDefault() is { } subnet ? Outside(AddressIn(subnet.Cidr, 20)) : Outside(Client);

    private static PodRef Outside(IPAddress address) => new(null, new Dictionary<string, string>(), address);

    private static PodRef Pod(PlatformPlan plan, string ns) =>
        new(ns, new Dictionary<string, string> { ["app.kubernetes.io/name"] = ns }, AddressIn(PodNetworks.Of(plan.Network)[0], 30 + ns.Length));

    private static IPAddress AddressIn(string cidr, int offset)
    {
        var bytes = IPNetwork.Parse(cidr).BaseAddress.GetAddressBytes();
        bytes[^1] += (byte)offset;
        return new IPAddress(bytes);
    }
}
