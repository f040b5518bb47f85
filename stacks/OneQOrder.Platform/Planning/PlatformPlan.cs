using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Planning;

/// <summary>
/// Everything a stack will build, decided without a cloud. The <c>plan</c> command prints and renders it; the Pulumi
/// program turns it into resources. Build it with <see cref="PlatformPlanner.Build"/>.
/// </summary>
public sealed record PlatformPlan
{
    public required StackSettings Settings { get; init; }

    public required NetworkPlan Network { get; init; }

    public required ClusterPlan Cluster { get; init; }

    /// <summary>Every guardrail control evaluated against this plan, in catalogue order.</summary>
    public required GuardrailReport Guardrails { get; init; }
}

/// <summary>Builds a <see cref="PlatformPlan"/> from validated settings.</summary>
public static class PlatformPlanner
{
    public static PlatformPlan Build(StackSettings settings)
    {
        var network = NetworkPlanner.Plan(settings);
        var cluster = ClusterPlan.Create(settings, network);
        return new PlatformPlan
        {
            Settings = settings,
            Network = network,
            Cluster = cluster,
            Guardrails = GuardrailEvaluator.Evaluate(settings, network, cluster),
        };
    }
}
