using OneQOrder.Infra.Components;
using OneQOrder.Infra.Configuration;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using Pulumi;

namespace OneQOrder.Infra;

/// <summary>
/// The Pulumi program: reads the stack's configuration once, validates it with the library (the same rules as the
/// offline <c>plan</c> command), builds the <see cref="PlatformPlan"/> and turns it into resources:
/// network → cluster (+ the one Kubernetes provider) → mesh → monitoring → service namespaces.
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
        var plan = LoadPlan(PulumiConfigSource.ForCurrentStack());
        var settings = plan.Settings;
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
            NamePrefix = plan.Cluster.Name,
            Protect = plan.Cluster.DeletionProtection,
            LogRetentionDays = plan.Cluster.AuditLogRetentionDays,
        };

        // The one branch on the cloud (STYLE.md rule 7): everything after it is cloud-neutral.
        INetwork network = settings.Cloud switch
        {
            Cloud.Aws => new AwsNetwork("network", new AwsNetworkArgs { Network = networkArgs, Region = settings.Provider.Region },
                Observed(new ComponentResourceOptions())),
            _ => new GcpNetwork("network", networkArgs, Observed(new ComponentResourceOptions())),
        };

        return new Dictionary<string, object?>
        {
            ["cloud"] = settings.Cloud.ToString().ToLowerInvariant(),
            ["clusterName"] = plan.Cluster.Name,
            ["networkId"] = network.NetworkId,
            ["natGatewayIds"] = network.NatGatewayIds,
            ["namespaces"] = settings.Services.Select(s => s.Name).ToList(),
        };
    }

    /// <summary>Reads and validates the configuration and plans the platform; nothing here touches Pulumi resources.</summary>
    internal static PlatformPlan LoadPlan(IConfigSource source)
    {
        var result = StackConfiguration.Load(source);
        if (!result.IsValid)
        {
            throw new InvalidStackConfigurationException(source.Stack, result.Errors);
        }

        return PlatformPlanner.Build(result.Settings);
    }
}
