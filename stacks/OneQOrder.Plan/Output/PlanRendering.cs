using OneQOrder.Plan.Report;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Plan.Output;

/// <summary>A file <c>plan --out</c> writes: a path relative to the output folder (<c>/</c>-separated) and its text.</summary>
public sealed record OutputFile(string RelativePath, string Content);

/// <summary>
/// A plan rendered once: standard output and the <c>--out</c> folder get the same strings.
/// </summary>
public sealed record PlanRendering(PlatformPlan Plan, PlanDocument Document, string Json, string Text)
{
    public static PlanRendering Create(PlatformPlan plan)
    {
        var document = PlanDocumentBuilder.Build(plan);
        return new PlanRendering(plan, document, PlanJson.Serialize(document), TextReport.Render(document));
    }

    /// <summary>
    /// Everything <c>--out</c> writes, in order. The rendered Kubernetes layer (manifests, Helm values) joins this list;
    /// the writer needs no change for that.
    /// </summary>
    public IReadOnlyList<OutputFile> Files() =>
    [
        new("plan.json", Json),
        new("plan.txt", Text),
    ];
}
