using OneQOrder.Plan.Report;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Plan.Output;

/// <summary>A file <c>plan --out</c> writes: a path relative to the output folder (<c>/</c>-separated) and its text.</summary>
public sealed record OutputFile(string RelativePath, string Content);

/// <summary>
/// A plan rendered at most once per format: standard output and the <c>--out</c> folder get the same strings. Each
/// format is rendered on first use only, so <c>plan dev</c> (text to stdout) does not pay for the JSON serializer's
/// start-up, about 45 ms of a cold run (docs/plan-command.md, "Startup time").
/// </summary>
public sealed class PlanRendering
{
    private readonly Lazy<string> json;
    private readonly Lazy<string> text;
    private readonly Lazy<string> mermaid;

    private PlanRendering(PlatformPlan plan, PlanDocument document)
    {
        Plan = plan;
        Document = document;
        json = new(() => PlanJson.Serialize(document));
        text = new(() => TextReport.Render(document));
        mermaid = new(() => LayerOutput.Mermaid(plan.Tenants, plan.Edge));
    }

    /// <summary>The plan rendered.</summary>
    public PlatformPlan Plan { get; }

    /// <summary>The document both report formats print.</summary>
    public PlanDocument Document { get; }

    /// <summary><c>plan.json</c>: the document as JSON.</summary>
    public string Json => json.Value;

    /// <summary><c>plan.txt</c>: the readable report.</summary>
    public string Text => text.Value;

    /// <summary><c>plan.mmd</c>: the allowed-calls diagram.</summary>
    public string Mermaid => mermaid.Value;

    /// <summary>Renders <paramref name="plan"/>, its cost judged on <paramref name="on"/> (the day validation judged the version on).</summary>
    public static PlanRendering Create(PlatformPlan plan, DateOnly on) => new(plan, PlanDocumentBuilder.Build(plan, on));

    /// <summary>
    /// Everything <c>--out</c> writes, in order: the report, the diagram, then the rendered Kubernetes layer
    /// (namespaces/*.yaml, mesh/…, monitoring/…), the same files the Pulumi program applies.
    /// </summary>
    public IReadOnlyList<OutputFile> Files() =>
    [
        new("plan.json", Json),
        new("plan.txt", Text),
        new("plan.mmd", Mermaid),
        .. LayerOutput.Files(Plan).Select(f => new OutputFile(f.FileName, f.Yaml)),
    ];
}
