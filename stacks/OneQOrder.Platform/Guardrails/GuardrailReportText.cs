using System.Globalization;
using System.Text;

namespace OneQOrder.Platform.Guardrails;

/// <summary>Renders a <see cref="GuardrailReport"/> as the plain-text table the <c>plan</c> command prints.</summary>
public static class GuardrailReportText
{
    /// <summary>
    /// A summary line, then one line per control (id, catalogue row, status, title) followed by an indented line with the
    /// evidence, relaxation or not-applicable reason. Deterministic: catalogue order, <c>\n</c> line ends.
    /// </summary>
    public static string Render(GuardrailReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var idWidth = report.Entries.Max(e => e.Control.Id.Length);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Guardrails for stack {report.Stack} ({Lower(report.Cloud)}, {Lower(report.Environment)}): ")
            .Append(string.Join(", ", Enum.GetValues<GuardrailStatus>()
                .Where(s => s != GuardrailStatus.Fail || report.Count(s) > 0)
                .Select(s => $"{report.Count(s)} {Label(s)}")))
            .Append('\n');
        foreach (var entry in report.Entries)
        {
            text.Append(CultureInfo.InvariantCulture,
                    $"  {entry.Control.Id.PadRight(idWidth)}  #{entry.Control.Catalogue,-2}  {Label(entry.Status),-14}  {entry.Control.Title}")
                .Append('\n')
                .Append(' ', idWidth + 25).Append(entry.Detail).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The status as printed: <c>pass</c>, <c>relaxed</c>, <c>not applicable</c>, <c>FAIL</c>.</summary>
    public static string Label(GuardrailStatus status) => status switch
    {
        GuardrailStatus.Pass => "pass",
        GuardrailStatus.Relaxed => "relaxed",
        GuardrailStatus.NotApplicable => "not applicable",
        GuardrailStatus.Fail => "FAIL",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
