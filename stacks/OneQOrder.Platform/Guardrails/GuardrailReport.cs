using System.Text.Json;
using System.Text.Json.Serialization;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Guardrails;

/// <summary>The outcome of one control for one stack.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<GuardrailStatus>))]
public enum GuardrailStatus
{
    /// <summary>The control is on, and the plan shows it (or the layer that implements it is unconditional).</summary>
    Pass,

    /// <summary>A setting weakens the control. Only a test stack, and only for a relaxable control, gets past validation with this.</summary>
    Relaxed,

    /// <summary>The control does not apply to this stack's cloud (or to this platform); the entry says why.</summary>
    NotApplicable,

    /// <summary>No setting relaxes the control, yet the plan contradicts it: a defect in the planner, never a choice.</summary>
    Fail,
}

/// <summary>One control's outcome for a stack.</summary>
/// <param name="Control">The control.</param>
/// <param name="Status">Pass, relaxed, not applicable or fail.</param>
/// <param name="Detail">The evidence (the plan values checked), the relaxation reason, or the not-applicable reason.</param>
/// <param name="Relaxations">The setting values that relax the control (empty unless <see cref="GuardrailStatus.Relaxed"/>).</param>
public sealed record GuardrailEntry(
    GuardrailControl Control,
    GuardrailStatus Status,
    string Detail,
    IReadOnlyList<GuardrailRelaxation> Relaxations)
{
    /// <summary>Relaxations, compared by value.</summary>
    public IReadOnlyList<GuardrailRelaxation> Relaxations { get; init => field = ValueList.From(value); } = ValueList.From(Relaxations);
}

/// <summary>
/// Every control of the catalogue evaluated for one stack, in catalogue order. The <c>plan</c> command prints it
/// (<see cref="GuardrailReportText.Render"/>) or serialises it (System.Text.Json, camelCase; enums as strings).
/// </summary>
public sealed record GuardrailReport
{
    /// <summary>The stack name.</summary>
    public required string Stack { get; init; }

    /// <summary>The stack's cloud.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<Cloud>))]
    public required Cloud Cloud { get; init; }

    /// <summary>The stack's environment: only a test stack may show relaxed entries.</summary>
    [JsonConverter(typeof(CamelCaseEnumConverter<StackEnvironment>))]
    public required StackEnvironment Environment { get; init; }

    /// <summary>One entry per control, in catalogue order.</summary>
    public required IReadOnlyList<GuardrailEntry> Entries { get; init => field = ValueList.From(value); }

    /// <summary>How many entries have <paramref name="status"/>.</summary>
    public int Count(GuardrailStatus status) => Entries.Count(e => e.Status == status);

    /// <summary>The entry of a control id such as <c>NET-01</c>.</summary>
    public GuardrailEntry this[string id] => Entries.Single(e => e.Control.Id == id);
}

/// <summary>Writes enum values as camelCase strings (<c>notApplicable</c>, <c>gcp</c>), matching the camelCase property names of the report.</summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
