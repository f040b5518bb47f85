using OneQOrder.Platform.Guardrails;

namespace OneQOrder.Platform.Planning;

/// <summary>
/// The guardrail evaluation of a whole plan. It lives with the planner, above the guardrails: the guardrails read the
/// layers' objects (<see cref="GuardrailContext"/>) and know nothing of the plan that gathers them.
/// </summary>
public static class PlanGuardrails
{
    /// <summary>The evidence of a planned stack, from the values it holds now (a test may have changed some).</summary>
    public static GuardrailContext Context(PlatformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new GuardrailContext(plan.Settings, plan.Network, plan.Cluster, plan.InCluster) { Resources = plan.Resources };
    }

    /// <summary>
    /// Every control's status for a planned stack, in catalogue order, computed from the values the plan holds now:
    /// evaluate a plan changed with <c>with { … }</c> to see which controls its change breaks.
    /// </summary>
    public static GuardrailReport Evaluate(PlatformPlan plan) => GuardrailEvaluator.Evaluate(Context(plan));
}
