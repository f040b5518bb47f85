using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneQOrder.Plan.Report;

/// <summary>Serialises a <see cref="PlanDocument"/>: camelCase, indented, <c>\n</c> line ends, nulls kept so every key is always present.</summary>
public static class PlanJson
{
    public static string Serialize(PlanDocument document) =>
        JsonSerializer.Serialize(document, PlanJsonContext.Default.PlanDocument) + "\n";
}

/// <summary>
/// Source-generated metadata: no reflection at run time, which keeps the command's startup short, and the property
/// order is the records' declaration order.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PlanDocument))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
