using OneQOrder.Plan.Report;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Plan.Output;

/// <summary>A file <c>plan --out</c> writes: a path relative to the output folder (<c>/</c>-separated) and its text.</summary>
public sealed record OutputFile(string RelativePath, string Content);

/// <summary>
/// A plan rendered once: standard output and the <c>--out</c> folder get the same strings.
/// </summary>
public sealed record PlanRendering(PlatformPlan Plan, PlanDocument Document, string Json, string Text, string Mermaid)
{
    public static PlanRendering Create(PlatformPlan plan)
    {
        var document = PlanDocumentBuilder.Build(plan);
        return new PlanRendering(plan, document, PlanJson.Serialize(document), TextReport.Render(document), LayerOutput.Mermaid(plan.Tenants));
    }

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
