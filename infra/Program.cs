using System.Collections.Immutable;
using OneQOrder.Infra.Components;
using OneQOrder.Infra.Configuration;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Validation;
using Pulumi;

namespace OneQOrder.Infra;

/// <summary>
/// The Pulumi program: reads the stack's configuration once, validates it with the library (the same rules as the
/// offline <c>plan</c> command), builds the <see cref="PlatformPlan"/> and turns it into resources:
/// network → cluster (+ the one Kubernetes provider) → per-service cloud identities → cluster add-ons (StorageClass,
/// Cluster Autoscaler and, with an ingress, the AWS Load Balancer Controller on EKS) → mesh → monitoring → the public
/// entry (<see cref="Edge"/>) → service namespaces and the preview identities' read-only RBAC.
/// </summary>
public static class Program
{
    /// <summary>Entry point the Pulumi language host runs.</summary>
    public static Task<int> Main() => Deployment.RunAsync(Run);

    /// <summary>
    /// Builds the stack and returns its outputs. Throws <see cref="InvalidStackConfigurationException"/>, listing
    /// every error, before any resource is registered.
    /// </summary>
    public static IDictionary<string, object?> Run() => Run(observe: null);

    /// <summary>
    /// <see cref="Run()"/> with an optional transformation attached to every top-level component, so it sees every
    /// resource's final options (children inherit a parent's transformations). Tests pass a recorder that returns
    /// null (changes nothing) to check options the mock engine is not shown: protect, ignoreChanges, timeouts.
    /// </summary>
    internal static IDictionary<string, object?> Run(ResourceTransformation? observe)
    {
        var (plan, warnings) = Load(PulumiConfigSource.ForCurrentStack());
        // What `plan` prints as warnings (e.g. a machine type the dated catalogue does not list) shows in every preview.
        foreach (var warning in warnings)
        {
            Log.Warn(warning.Message);
        }

        return Run(plan, observe);
    }

    /// <summary>
    /// Turns <paramref name="plan"/> into resources. Tests pass a plan changed with <c>with { … }</c> to see that the
    /// program applies exactly the plan's values, the ones the guardrail report checks.
    /// </summary>
    internal static IDictionary<string, object?> Run(PlatformPlan plan, ResourceTransformation? observe)
    {
        var settings = plan.Settings;

        // The same guardrail report `plan` prints, in every preview and update log: what is relaxed, and why.
        Log.Info(GuardrailReportText.Render(plan.Guardrails));
        ComponentResourceOptions Observed(ComponentResourceOptions options)
        {
            if (observe is not null)
            {
                options.ResourceTransformations.Add(observe);
            }

            return options;
        }

        var networkArgs = new NetworkLayerArgs
        {
            Plan = plan.Network,
            NamePrefix = NetworkPlanner.NamePrefix(settings),
        };

        var clusterArgs = new ClusterLayerArgs
        {
            Plan = plan.Cluster,
            KubernetesProvider = plan.Resources.KubernetesProvider,
        };

        // The one branch on the cloud (STYLE.md rule 7): everything after it is cloud-neutral.
        var (network, cluster, identities, vpcId, edgeIdentities) = (plan.Resources, plan.Network, plan.Settings.Provider) switch
        {
            (AwsResourcePlan aws, AwsNetworkPlan, AwsProviderSettings) => Aws(plan, aws, networkArgs, clusterArgs, Observed),
            (GcpResourcePlan gcp, GcpNetworkPlan gcpNetwork, GcpProviderSettings gcpProvider) =>
                Gcp(gcp, gcpNetwork, gcpProvider, networkArgs, clusterArgs, Observed),
            var other => throw new ArgumentException($"no components for a {other.Resources.GetType().Name} on a {other.Network.Cloud} network", nameof(plan)),
        };

        // In-cluster layers, in install order, every resource through the cluster's one Kubernetes provider.
        // Depending on a component waits for all its children, so the mesh starts once the node pools are up.
        var k8sProvider = cluster.KubernetesProvider;
        var clusterResource = (Resource)cluster; // both cluster components are ComponentResources
        var addons = new ClusterAddons("addons", new ClusterAddonsArgs { Plan = plan.Addons, KeyReferences = cluster.KeyReferences, Provider = k8sProvider, VpcId = vpcId },
            Observed(new ComponentResourceOptions { DependsOn = { clusterResource } }));
        var mesh = new ServiceMesh("mesh", new ServiceMeshArgs { Plan = plan.Mesh, Provider = k8sProvider },
            Observed(new ComponentResourceOptions { DependsOn = { clusterResource } }));
        // After the add-ons: Prometheus's volume claim names their StorageClass.
        var monitoring = new Monitoring("monitoring", new MonitoringArgs
        {
            Plan = plan.Monitoring,
            Provider = k8sProvider,
            // Read only when a receiver needs it: a stack that routes to the null receiver sets no secret.
            ReceiverSecrets = plan.Monitoring.ReceiverSecretName is null
                ? null
                : new Config(StackDefaults.Project).RequireSecretObject<ImmutableDictionary<string, string>>(SettingsReader.MonitoringSecretsKey),
            TrustAnchorExpiry = mesh.TrustAnchorExpiry,
        },
            Observed(new ComponentResourceOptions { DependsOn = { mesh, addons } }));

        // The public entry, when a service is public: after the add-ons (on EKS the load balancer controller must run
        // before the gateway's Service of type LoadBalancer exists), monitoring, and the DNS components' identities
        // (on EKS in the cluster component, on GKE their own); before the service namespaces (DESIGN.md install order).
        Edge? edge = null;
        if (plan.Edge is { } edgePlan)
        {
            var edgeOptions = new ComponentResourceOptions { DependsOn = { clusterResource, addons, mesh, monitoring } };
            if (edgeIdentities is not null)
            {
                edgeOptions.DependsOn.Add(edgeIdentities);
            }

            edge = new Edge("edge", new EdgeArgs
            {
                Plan = edgePlan,
                Hostnames = [.. settings.Ingress?.Hostnames.SelectMany(h => h.Value) ?? []],
                Provider = k8sProvider,
            }, Observed(edgeOptions));
        }

        var servicesOptions = new ComponentResourceOptions { DependsOn = { mesh, monitoring } };
        if (edge is not null)
        {
            servicesOptions.DependsOn.Add(edge);
        }

        var services = new ServiceNamespaces("services", new ServiceNamespacesArgs { Manifests = plan.ServiceNamespaces, Provider = k8sProvider },
            Observed(servicesOptions));
        // The preview identities' read-only RBAC: what `pulumi preview --refresh` reads, nothing else (docs/operations.md).
        _ = new PreviewReader("preview-reader", new PreviewReaderArgs { Plan = plan.PreviewAccess, Provider = k8sProvider },
            Observed(new ComponentResourceOptions { DependsOn = { mesh, monitoring } }));

        var outputs = new Dictionary<string, object?>
        {
            ["cloud"] = CloudNames.Of(settings.Cloud),
            ["clusterName"] = cluster.ClusterName,
            ["kubeconfig"] = cluster.Kubeconfig,
            ["networkId"] = network.NetworkId,
            ["natGatewayIds"] = network.NatGatewayIds,
            ["namespaces"] = services.Namespaces,
            // Guardrail #19: service → its IAM role ARN (AWS) or Google service account email (GCP), for the service
            // teams to attach their own permissions to.
            ["workloadIdentities"] = identities.Identities,
            // Grafana is ClusterIP only (guardrail #33): reach it through the API server (docs/operations.md).
            ["grafana"] = Output.Format(
                $"kubectl -n {monitoring.GrafanaNamespace} port-forward svc/{monitoring.GrafanaServiceName} 3000:80"),
        };
        if (edge is not null)
        {
            // The public hostnames, and how to read the load balancer's address once the cloud has assigned it
            // (docs/operations.md, "Public entry: cloud side").
            outputs["publicHostnames"] = edge.Hostnames;
            outputs["publicAddressCommand"] = edge.AddressCommand;
        }

        return outputs;
    }

    private static (INetwork Network, ICluster Cluster, IWorkloadIdentities Identities, Output<string>? VpcId, Resource? EdgeIdentities) Aws(PlatformPlan plan, AwsResourcePlan resources,
        NetworkLayerArgs networkArgs, ClusterLayerArgs clusterArgs, Func<ComponentResourceOptions, ComponentResourceOptions> observed)
    {
        var region = plan.Settings.Provider.Region;
        var network = new AwsNetwork("network", new AwsNetworkArgs { Network = networkArgs, Resources = resources.Network, Region = region },
            observed(new ComponentResourceOptions()));
        // The public entry's Pod Identity roles are the cluster component's, next to Cluster Autoscaler's.
        var cluster = new EksCluster("cluster", new EksClusterArgs { Cluster = clusterArgs, Resources = resources.Cluster, Network = network, Region = region, Edge = resources.Edge },
            observed(new ComponentResourceOptions { DependsOn = { network } }));
        // The in-VPC CI runner (cluster.ciRunner): the only way CI reaches a private EKS endpoint.
        if (resources.Cluster.CiRunner is { } runner)
        {
            _ = new CodeBuildRunner("ci-runner", new CodeBuildRunnerArgs
            {
                Plan = runner,
                Network = network,
                ClusterSecurityGroupId = cluster.ClusterSecurityGroupId,
                Region = region,
            }, observed(new ComponentResourceOptions { DependsOn = { network } }));
        }

        // After the whole cluster component: the associations need the eks-pod-identity-agent add-on.
        var identities = new EksPodIdentities("workload-identities", new EksPodIdentitiesArgs
        {
            Identities = resources.PodIdentities,
            Trust = resources.PodIdentityTrust,
            ClusterName = cluster.ClusterName,
        }, observed(new ComponentResourceOptions { DependsOn = { cluster } }));
        return (network, cluster, identities, network.VpcId, null);
    }

    private static (INetwork Network, ICluster Cluster, IWorkloadIdentities Identities, Output<string>? VpcId, Resource? EdgeIdentities) Gcp(GcpResourcePlan resources, GcpNetworkPlan networkPlan, GcpProviderSettings provider,
        NetworkLayerArgs networkArgs, ClusterLayerArgs clusterArgs, Func<ComponentResourceOptions, ComponentResourceOptions> observed)
    {
        var network = new GcpNetwork("network", new GcpNetworkArgs { Network = networkArgs, Resources = resources.Network, Gcp = networkPlan },
            observed(new ComponentResourceOptions()));
        var cluster = new GkeCluster("cluster", new GkeClusterArgs
        {
            Cluster = clusterArgs,
            Resources = resources.Cluster,
            Network = network,
            NamePrefix = networkArgs.NamePrefix,
            Project = provider.Project,
            Region = provider.Region,
        }, observed(new ComponentResourceOptions { DependsOn = { network } }));
        // After the cluster: the bindings name its workload pool, which exists once the cluster does.
        var identities = new GkeWorkloadIdentities("workload-identities", new GkeWorkloadIdentitiesArgs
        {
            Identities = resources.WorkloadIdentities,
        }, observed(new ComponentResourceOptions { DependsOn = { cluster } }));

        // The public entry's DNS identities; GKE's own controller provisions the load balancer.
        var edgeIdentities = resources.Edge is { } edge
            ? new GkeEdgeIdentities("edge-identities", new GkeEdgeIdentitiesArgs { Plan = edge }, observed(new ComponentResourceOptions { DependsOn = { cluster } }))
            : null;
        return (network, cluster, identities, null, edgeIdentities);
    }

    /// <summary>Reads and validates the configuration and plans the platform; nothing here touches Pulumi resources.</summary>
    internal static PlatformPlan LoadPlan(IConfigSource source) => Load(source).Plan;

    /// <summary><see cref="LoadPlan"/> with the validation warnings, which do not stop a deploy.</summary>
    internal static (PlatformPlan Plan, IReadOnlyList<ConfigError> Warnings) Load(IConfigSource source)
    {
        var result = StackConfiguration.Load(source);
        var validated = result.Validated ?? throw new InvalidStackConfigurationException(source.Stack, result.Errors);
        return (PlatformPlanner.Build(validated), result.Warnings);
    }
}
