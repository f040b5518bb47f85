using System.Text.Json.Nodes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Kubernetes;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Edge;

/// <summary>
/// Moving dev from GCP to AWS (the migration runbook's commands, same ingress with its zone in Route 53) keeps the
/// same Gateway, routes, certificates, traffic policies and edge objects; only the load-balancer plumbing and the DNS
/// solver differ, and exactly the fields named here.
/// </summary>
public sealed class EdgeParityTests
{
    /// <summary>The fields that may differ between clouds: (kind, name, path to the field).</summary>
    private static readonly (string Kind, string Name, string[] Path)[] Plumbing =
    [
        ("EnvoyProxy", "public", ["spec", "provider", "kubernetes", "envoyService"]),
        ("ClientTrafficPolicy", "public", ["spec", "proxyProtocol"]),
        ("ClusterIssuer", "acme", ["spec", "acme", "solvers"]),
    ];

    [Fact]
    public void Dev_on_aws_renders_the_same_gateway_routes_certificates_and_policies_but_the_load_balancer_plumbing()
    {
        // Arrange
        var gcp = Documents(PlatformPlanner.Build(EdgeStacks.Validated("dev")));
        var aws = Documents(PlatformPlanner.Build(EdgeStacks.DevOnAws()));

        // Act
        var differing = gcp.Keys.Union(aws.Keys)
            .Where(k => !gcp.ContainsKey(k) || !aws.ContainsKey(k) || !JsonNode.DeepEquals(Strip(gcp[k]), Strip(aws[k])))
            .ToList();
        var plumbingDiffers = Plumbing.Select(p => (p.Kind, p.Name, Differs: !JsonNode.DeepEquals(At(gcp[(p.Kind, p.Name)], p.Path), At(aws[(p.Kind, p.Name)], p.Path)))).ToList();

        // Assert
        Assert.Empty(differing);
        Assert.All(plumbingDiffers, p => Assert.True(p.Differs, $"{p.Kind} {p.Name}: listed as cloud plumbing but identical"));
        Assert.Contains(("HTTPRoute", "oneq-order"), gcp.Keys);
        Assert.Contains(("Gateway", "public"), gcp.Keys);
    }

    [Fact]
    public void Only_the_load_balancer_sources_of_the_gateway_network_policy_differ()
    {
        var gcp = Policy(PlatformPlanner.Build(EdgeStacks.Validated("dev")));
        var aws = Policy(PlatformPlanner.Build(EdgeStacks.DevOnAws()));

        Assert.True(JsonNode.DeepEquals(gcp["spec"]!["ingress"]![0]!["ports"], aws["spec"]!["ingress"]![0]!["ports"]));
        Assert.False(JsonNode.DeepEquals(gcp["spec"]!["ingress"]![0]!["from"], aws["spec"]!["ingress"]![0]!["from"]));
    }

    private static JsonObject Policy(PlatformPlan plan) => RenderedDocuments.Parse(plan.Edge!.Namespaces.Yaml)
        .OfKind("NetworkPolicy").Single(d => (string?)d["metadata"]!["name"] == Platform.Edge.EdgePlanner.AllowLoadBalancer);

    /// <summary>The gateway and route files' documents by kind and name.</summary>
    private static Dictionary<(string Kind, string Name), JsonObject> Documents(PlatformPlan plan) =>
        RenderedDocuments.Parse([plan.Edge!.Gateway, plan.Edge.Routes])
            .ToDictionary(d => ((string)d["kind"]!, (string)d["metadata"]!["name"]!));

    private static JsonObject Strip(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        foreach (var (kind, name, path) in Plumbing.Where(p => p.Kind == (string?)copy["kind"] && p.Name == (string?)copy["metadata"]!["name"]))
        {
            var parent = path[..^1].Aggregate<string, JsonNode?>(copy, (n, key) => n?[key]);
            parent?.AsObject().Remove(path[^1]);
        }

        return copy;
    }

    private static JsonNode? At(JsonObject document, string[] path) => path.Aggregate<string, JsonNode?>(document, (n, key) => n?[key]);
}
