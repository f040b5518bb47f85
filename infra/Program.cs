using OneQOrder.Infra.Configuration;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using Pulumi;

namespace OneQOrder.Infra;

/// <summary>
/// The Pulumi program: reads the stack's configuration once, validates it with the library (the same rules as the
/// offline <c>plan</c> command), builds the <see cref="PlatformPlan"/> and turns it into resources.
/// </summary>
public static class Program
{
    /// <summary>Entry point the Pulumi language host runs.</summary>
    public static Task<int> Main() => Deployment.RunAsync(Run);

    /// <summary>
    /// Builds the stack and returns its outputs. Tests call this inside <c>Deployment.TestAsync</c>.
    /// Throws <see cref="InvalidStackConfigurationException"/>, listing every error, before any resource is registered.
    /// </summary>
    public static IDictionary<string, object?> Run()
    {
        var plan = LoadPlan(PulumiConfigSource.ForCurrentStack());
        return new Dictionary<string, object?>
        {
            ["cloud"] = plan.Settings.Cloud.ToString().ToLowerInvariant(),
            ["clusterName"] = plan.Cluster.Name,
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
