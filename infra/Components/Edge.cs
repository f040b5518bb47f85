using System.Collections.Immutable;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Rendering;
using Pulumi;
using Pulumi.Kubernetes.Helm.V3;
using Pulumi.Kubernetes.Types.Inputs.Yaml.V2;
using Pulumi.Kubernetes.Yaml.V2;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="Edge"/>.</summary>
public sealed class EdgeArgs
{
    /// <summary>The public entry as planned by the library (<see cref="Platform.Planning.PlatformPlan.Edge"/>).</summary>
    public required EdgePlan Plan { get; init; }

    /// <summary>The public hostnames (<c>ingress.hostnames</c>), in declaration order, for the stack output.</summary>
    public required IReadOnlyList<string> Hostnames { get; init; }

    /// <summary>The provider of the cluster; every Kubernetes child uses it explicitly.</summary>
    public required KubernetesProvider Provider { get; init; }
}

/// <summary>
/// The one public entry (issue 12), applied strictly in the plan's order, each step waiting for the previous one: the
/// edge namespaces (with their NetworkPolicies and Linkerd policy), then Envoy Gateway's CRDs, then each release of <see cref="EdgePlan.Releases"/>
/// in order (cert-manager, external-dns, Envoy Gateway: each chart's CRDs and webhooks are up before the next),
/// then the gateway's objects (whose kinds those charts define: issuer, certificates, EnvoyProxy, Gateway), then the
/// routes. The program makes the component depend on the cluster add-ons (on EKS the load balancer controller must
/// run before the gateway's Service of type LoadBalancer is created, or the Service stays pending), on monitoring and
/// on the DNS components' cloud identities.
/// </summary>
/// <remarks>
/// Each step depends on the previous resource explicitly: a release's <c>DependsOn</c> waits for the ConfigGroup or
/// release before it, and a ConfigGroup's children are registered only once their parent's dependencies are done
/// (ServiceNamespaces remarks), so no object is sent to the API server before the CRDs and webhooks it needs.
/// </remarks>
public sealed class Edge : ComponentResource
{
    /// <summary>Helm's per-operation wait for an edge release: cert-manager waits for its webhook, Envoy Gateway for its certgen job and controller.</summary>
    internal const int ReleaseTimeoutSeconds = 600;

    /// <summary>The public hostnames the gateway serves (plan-time, from <c>ingress.hostnames</c>).</summary>
    [Output("hostnames")]
    public Output<ImmutableArray<string>> Hostnames { get; }

    /// <summary>
    /// How to read the load balancer's address once the cloud has assigned it: the Gateway's
    /// <c>status.addresses</c>, which Envoy Gateway copies from its Service's load balancer status (Gateway API
    /// GatewayStatus.addresses). It is not a resource output: the Service is Envoy Gateway's, created after this
    /// program's step, and the cloud fills its address later still.
    /// </summary>
    [Output("addressCommand")]
    public Output<string> AddressCommand { get; }

    public Edge(string name, EdgeArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:Edge", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;

        var previous = Objects($"{name}-namespaces", plan.NamespaceObjects, plan.Namespaces, args.Provider, after: null);

        // Envoy Gateway's own CRDs (EnvoyProxy, ClientTrafficPolicy, …), pinned to the chart's tag and applied
        // server-side like the Prometheus Operator's (the chart's `crds` subchart is off: it would also install the
        // experimental Gateway API channel). Before the releases, so the controller finds its kinds at start.
        if (plan.CrdUrls.Count > 0)
        {
            var crdOptions = new ComponentResourceOptions { Parent = this, Provider = args.Provider };
            if (previous is not null)
            {
                crdOptions.DependsOn.Add(previous);
            }

            previous = new ConfigGroup($"{name}-envoy-gateway-crds", new ConfigGroupArgs { Files = plan.CrdUrls.ToArray() }, crdOptions);
        }

        foreach (var release in plan.Releases)
        {
            var releaseOptions = new CustomResourceOptions { Parent = this, Provider = args.Provider };
            if (previous is not null)
            {
                releaseOptions.DependsOn.Add(previous);
            }

            previous = new Release($"{name}-{release.Name}", PlannedReleaseArgs.From(release, ReleaseTimeoutSeconds), releaseOptions);
        }

        previous = Objects($"{name}-gateway", plan.GatewayObjects, plan.Gateway, args.Provider, previous);
        _ = Objects($"{name}-routes", plan.RouteObjects, plan.Routes, args.Provider, previous);

        Hostnames = Output.Create(args.Hostnames.ToImmutableArray());
        AddressCommand = Output.Create(AddressCommandFor(plan));
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["hostnames"] = Hostnames,
            ["addressCommand"] = AddressCommand,
        });
    }

    /// <summary>The Gateway API way to read the gateway's address, whatever the cloud: the first address in the status of every Gateway of the edge namespace.</summary>
    internal static string AddressCommandFor(EdgePlan plan) =>
        $"kubectl -n {plan.Namespace} get gateways.gateway.networking.k8s.io -o jsonpath='{{.items[*].status.addresses[0].value}}'";

    /// <summary>One rendered file, applied after <paramref name="after"/>; nothing when the plan has no objects for it.</summary>
    private Resource? Objects(string resourceName, IReadOnlyList<FrozenManifest> objects, RenderedManifest file, KubernetesProvider provider, Resource? after)
    {
        if (objects.Count == 0)
        {
            return after;
        }

        var groupOptions = new ComponentResourceOptions { Parent = this, Provider = provider };
        if (after is not null)
        {
            groupOptions.DependsOn.Add(after);
        }

        return new ConfigGroup(resourceName, new ConfigGroupArgs { Yaml = file.Yaml }, groupOptions);
    }
}
