using System.Xml.Linq;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Architecture;

/// <summary>
/// The library is layered: shared records at the bottom, one namespace per platform layer above them, the guardrails
/// and validation over the layers, the planner on top. A new dependency that points down-to-up, a cycle, or any Pulumi
/// reference fails here with the types that make the edge. docs/architecture.md draws the same picture.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "OneQOrder.Platform";

    /// <summary>Bottom to top. A layer may use only the layers before it in this list.</summary>
    public static readonly List<string> Layers =
    [
        "Settings",       // typed, immutable settings, their defaults and allowed values: the vocabulary every layer shares
        "Clouds",         // dated facts of each cloud: regions, zones, machine types, prices, version calendar, node allocatable
        "Configuration",  // reading stack files and Pulumi config into settings; ConfigError
        "Rendering",      // Kubernetes objects, CRD records, Helm values, deterministic YAML, chart pins, platform namespaces and ports
        "ClusterAccess",  // kubeconfig and IAM principal formats
        "Network",        // VPC, subnets, NAT
        "Tenants",        // the services and the call matrix; workload identities
        "Cluster",        // the Kubernetes cluster and its node pools
        "CloudResources", // the typed cloud resource plan the Pulumi program applies
        "ClusterAddons",  // the StorageClass every PVC names; Cluster Autoscaler on EKS
        "Kubernetes",     // the service namespaces' manifests
        "Mesh",           // Linkerd
        "Monitoring",     // kube-prometheus-stack
        "Edge",           // the one public entry: gateway, load balancer, certificates, routes
        "Guardrails",     // controls evaluated from the layers' objects
        "Validation",     // every error at once (guardrail relaxations included)
        "Planning",       // loading, validating and planning a stack; what the plan command shows
        "Costs",          // the plan priced (monthly estimate, the replaced design) and its pods fitted to its nodes
    ];

    private static readonly Lazy<NamespaceGraph> Graph = new(() =>
        NamespaceGraph.Read(typeof(StackDefaults).Assembly.Location, Root));

    [Fact]
    public void Every_namespace_of_the_library_is_a_known_layer()
    {
        Assert.Empty(Graph.Value.Edges.Keys.Except(Layers));
    }

    [Fact]
    public void The_layers_form_no_cycle()
    {
        var cycle = Graph.Value.FindCycle();

        Assert.True(cycle is null, cycle is null ? "" : $"cycle: {string.Join(" → ", cycle)}\n" + string.Join("\n",
            cycle.Zip(cycle.Skip(1)).SelectMany(e => Graph.Value.Evidence(e.First, e.Second).Take(3))));
    }

    [Fact]
    public void Each_layer_uses_only_the_layers_below_it()
    {
        var upward = Graph.Value.Edges
            .SelectMany(e => e.Value.Select(to => (From: e.Key, To: to)))
            .Where(e => Layers.IndexOf(e.To) > Layers.IndexOf(e.From))
            .Select(e => $"{e.From} → {e.To}: {string.Join("; ", Graph.Value.Evidence(e.From, e.To).Take(3))}")
            .ToList();

        Assert.True(upward.Count == 0, "dependencies that point up:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void The_library_references_no_pulumi_assembly_or_package()
    {
        var project = XDocument.Load(Path.Combine(Repository.Root, "stacks", "OneQOrder.Platform", "OneQOrder.Platform.csproj"));
        var packages = project.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include") ?? "").ToList();

        Assert.NotEmpty(Graph.Value.ReferencedAssemblies);
        Assert.DoesNotContain(Graph.Value.ReferencedAssemblies, a => a.StartsWith("Pulumi", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(packages, p => p.StartsWith("Pulumi", StringComparison.OrdinalIgnoreCase));
    }
}
