using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneQOrder.Plan.Report;

/// <summary>Serialises a <see cref="PlanDocument"/>: camelCase, indented, <c>\n</c> line ends, nulls kept so every key is always present.</summary>
public static class PlanJson
{
    /// <summary>
    /// The default encoder escapes HTML-sensitive characters (<c>'</c> as <c>\u0027</c>, <c>&lt;</c>, <c>&amp;</c>) for
    /// embedding in web pages; plan.json is a file people read, so only what JSON itself requires is escaped.
    /// </summary>
    private static readonly PlanJsonContext Readable = new(new JsonSerializerOptions(PlanJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(PlanDocument document) =>
        JsonSerializer.Serialize(document, Readable.PlanDocument) + "\n";
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
