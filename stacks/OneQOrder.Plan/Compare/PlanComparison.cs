using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OneQOrder.Plan.Compare;

/// <summary>
/// The pull-request comment of one stack (docs/operations.md, "CI"): the monthly cost change, the guardrail report's
/// change against the base branch, and the Pulumi preview's summary, all computed from two <c>plan --format json</c>
/// documents (base branch, pull request) and the preview's output. Markdown; the first line is a hidden marker the
/// workflow finds the stack's earlier comment by, so each push updates one comment instead of adding another.
/// </summary>
/// <remarks>
/// The documents are read as JSON trees, not as <see cref="Report.PlanDocument"/>: the base branch's plan may be an
/// older shape, and the <c>cost</c> object (<c>{ currency, pricedOn, items, monthlyAtMinimum, monthlyAtMaximum, … }</c>)
/// is added to the document by another change; a side without it says "no estimate" rather than failing.
/// </remarks>
public static class PlanComparison
{
    /// <summary>GitHub refuses an issue comment over 65,536 characters; the preview's full text is cut to stay under it.</summary>
    public const int MaxCommentLength = 65_000;

    /// <summary>The guardrail statuses of plan.json, in the order the text report counts them.</summary>
    private static readonly string[] Statuses = ["pass", "relaxed", "notApplicable", "fail"];

    /// <summary>The cost figures compared, and how the comment names them.</summary>
    private static readonly (string Key, string Label)[] CostFigures =
        [("monthlyAtMinimum", "at minimum node counts"), ("monthlyAtMaximum", "at maximum node counts")];

    /// <summary>The hidden marker of <paramref name="stack"/>'s comment.</summary>
    public static string Marker(string stack) => $"<!-- oneq-order-infra:plan-comment stack={stack} -->";

    /// <summary>The comment. <paramref name="baseDocument"/> is null when the base branch has no plan of the stack.</summary>
    public static string Markdown(string stack, JsonObject? baseDocument, JsonObject head, string? preview)
    {
        ArgumentNullException.ThrowIfNull(head);
        var text = new StringBuilder();
        text.Append(Marker(stack)).Append('\n');
        text.Append(Inv($"### Stack `{stack}` ({Str(head, "cloud")}, {Str(head, "environment")})\n\n"));
        if (baseDocument is null)
        {
            text.Append("No plan of this stack on the base branch: everything below is the pull request's alone.\n\n");
        }

        Cost(text, baseDocument, head);
        Guardrails(text, baseDocument, head);
        Preview(text, preview);
        return text.ToString();
    }

    private static void Cost(StringBuilder text, JsonObject? baseDocument, JsonObject head)
    {
        text.Append("#### Monthly cost\n\n");
        var before = baseDocument?["cost"] as JsonObject;
        var after = head["cost"] as JsonObject;
        var currency = Str(after ?? before, "currency") ?? "USD";
        text.Append(Inv($"| {currency} per month | base | this pull request | change |\n|---|---:|---:|---:|\n"));
        foreach (var (key, label) in CostFigures)
        {
            var b = Number(before, key);
            var h = Number(after, key);
            var change = b is { } x && h is { } y ? Signed(y - x) : "no estimate";
            text.Append(Inv($"| {label} | {Money(b)} | {Money(h)} | {change} |\n"));
        }

        if (Str(after, "pricedOn") is { } pricedOn)
        {
            text.Append(Inv($"\nPrices as of {pricedOn}.\n"));
        }

        text.Append('\n');
    }

    private static void Guardrails(StringBuilder text, JsonObject? baseDocument, JsonObject head)
    {
        text.Append("#### Guardrails\n\n");
        var after = Controls(head);
        var before = baseDocument is null ? null : Controls(baseDocument);
        text.Append(Inv($"This pull request: {Counts(after)}."));
        if (before is not null)
        {
            text.Append(Inv($" Base: {Counts(before)}."));
        }

        text.Append("\n\n");
        if (before is null)
        {
            return;
        }

        List<string> rows = [];
        foreach (var (id, control) in after)
        {
            var status = Str(control, "status");
            if (!before.TryGetValue(id, out var old))
            {
                rows.Add(Inv($"| {id} | {Cell(Str(control, "title"))} | (new) | {status} | {Cell(Str(control, "reason"))} |"));
            }
            else if (Str(old, "status") != status)
            {
                rows.Add(Inv($"| {id} | {Cell(Str(control, "title"))} | {Str(old, "status")} | {status} | {Cell(Str(control, "reason"))} |"));
            }
        }

        foreach (var (id, control) in before.Where(c => !after.ContainsKey(c.Key)))
        {
            rows.Add(Inv($"| {id} | {Cell(Str(control, "title"))} | {Str(control, "status")} | (removed) | |"));
        }

        if (rows.Count == 0)
        {
            text.Append("No control changed status.\n\n");
            return;
        }

        text.Append("| control | title | base | this pull request | why |\n|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            text.Append(row).Append('\n');
        }

        text.Append('\n');
    }

    private static void Preview(StringBuilder text, string? preview)
    {
        text.Append("#### Preview (`pulumi preview --refresh --diff`)\n\n");
        if (preview is null)
        {
            text.Append("No preview output.\n");
            return;
        }

        var lines = preview.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "Resources:");
        if (start < 0)
        {
            text.Append("The preview printed no resource summary (it failed, or stopped early): see its output below.\n\n");
        }
        else
        {
            var end = Array.FindIndex(lines, start + 1, l => l.Trim().Length == 0);
            text.Append("```\n").Append(string.Join('\n', lines[start..(end < 0 ? lines.Length : end)])).Append("\n```\n\n");
        }

        var room = MaxCommentLength - text.Length - 200;
        var body = preview.Length <= room ? preview : preview[..Math.Max(0, room)] + "\n… (cut: the full output is in the job log)";
        text.Append("<details><summary>Full preview output</summary>\n\n```\n").Append(body.Replace("```", "'''", StringComparison.Ordinal)).Append("\n```\n</details>\n");
    }

    private static Dictionary<string, JsonObject> Controls(JsonObject document) =>
        (document["guardrails"]?["controls"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(c => Str(c, "id") is not null)
            .GroupBy(c => Str(c, "id")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string Counts(Dictionary<string, JsonObject> controls)
    {
        var byStatus = controls.Values.GroupBy(c => Str(c, "status") ?? "unknown", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return string.Join(", ", Statuses.Select(s => Inv($"{byStatus.GetValueOrDefault(s)} {s}")));
    }

    private static string? Str(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static decimal? Number(JsonObject? node, string key) =>
        node?[key] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;

    private static string Money(decimal? value) => value is { } v ? v.ToString("#,##0.00", CultureInfo.InvariantCulture) : "no estimate";

    private static string Signed(decimal value) =>
        (value > 0 ? "+" : value < 0 ? "−" : "±") + Math.Abs(value).ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Cell(string? text) => (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
