using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Guardrails;

/// <summary>
/// Evaluates the guardrail catalogue for a stack. Two entry points with one set of rules:
/// <see cref="Evaluate(GuardrailContext)"/> reports every control against the plan (the <c>plan</c> command prints it), and
/// <see cref="Validate"/> rejects, before anything is planned, every setting that relaxes a control the stack may not relax.
/// </summary>
public static class GuardrailEvaluator
{
    /// <summary>Every control's status for the settings and plan values of <paramref name="context"/>, in catalogue order.</summary>
    public static GuardrailReport Evaluate(GuardrailContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        context = context with { Listed = context.InCluster.Read() };
        return new GuardrailReport
        {
            Stack = settings.Stack,
            Cloud = settings.Cloud,
            Environment = settings.Environment,
            Entries = GuardrailCatalogue.Rules.Select(rule => Entry(rule, context)).ToList(),
        };
    }

    /// <summary>
    /// The setting values of <paramref name="settings"/> that relax a control, with the control. Works on unplanned
    /// (even invalid) settings: it reads settings only.
    /// </summary>
    public static IReadOnlyList<(GuardrailControl Control, GuardrailRelaxation Relaxation)> Relaxations(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return GuardrailCatalogue.Rules
            .Where(rule => rule.Control.NotApplicableReason(settings.Cloud) is null)
            .SelectMany(rule => rule.Relaxations(settings).Select(r => (rule.Control, r)))
            .ToList();
    }

    /// <summary>
    /// Production cannot be weakened: in a production stack every relaxing value is an error, and a test stack may relax
    /// only the controls the catalogue marks relaxable. Each error names the key, the value and the control with its sources.
    /// </summary>
    public static IReadOnlyList<ConfigError> Validate(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Relaxations(settings)
            .Where(x => settings.IsProduction || !x.Control.RelaxableInTest)
            .Select(x => new ConfigError(x.Relaxation.FullKey, x.Relaxation.Value, settings.IsProduction
                ? $"{x.Relaxation.Expected} in production (guardrail {Cite(x.Control)})"
                : $"{x.Relaxation.Expected}, even in a test stack (guardrail {x.Control.Id} \"{x.Control.Title}\" may not be relaxed; {x.Control.SourceLine})"))
            .ToList();
    }

    private static string Cite(GuardrailControl control) => $"{control.Id} \"{control.Title}\"; {control.SourceLine}";

    private static GuardrailEntry Entry(GuardrailRule rule, GuardrailContext context)
    {
        var control = rule.Control;
        if (control.NotApplicableReason(context.Settings.Cloud) is { } reason)
        {
            // A reason that is a claim about the plan ("the platform builds no edge") is checked: once the plan
            // contradicts it, the control applies, and nothing here implements it.
            return rule.CheckedWhenNotApplicable && rule.Check(context) is { Holds: false } broken
                ? new GuardrailEntry(control, GuardrailStatus.Fail, broken.Detail, [])
                : new GuardrailEntry(control, GuardrailStatus.NotApplicable, reason, []);
        }

        if (control.NotApplicableWithoutEdge is { } withoutEdge && context.InCluster.Edge is null)
        {
            // Not applicable because the plan renders no public entry: checked like a cloud's not-applicable claim.
            return rule.Check(context) is { Holds: false } exposed
                ? new GuardrailEntry(control, GuardrailStatus.Fail, exposed.Detail, [])
                : new GuardrailEntry(control, GuardrailStatus.NotApplicable, withoutEdge, []);
        }

        var relaxations = rule.Relaxations(context.Settings).ToList();
        if (relaxations.Count > 0)
        {
            var why = control.TestRelaxationReason ?? "not relaxable: the stack fails validation";
            return new GuardrailEntry(control, GuardrailStatus.Relaxed, $"{string.Join(", ", relaxations)}: {why}", relaxations);
        }

        var check = rule.Check(context);
        return new GuardrailEntry(control, check.Holds ? GuardrailStatus.Pass : GuardrailStatus.Fail, check.Detail, []);
    }
}
