using System.Globalization;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Clouds;

/// <summary>Where a Kubernetes minor version stands on a cloud on a given day.</summary>
public enum SupportStatus
{
    /// <summary>In standard support: the normal control-plane price.</summary>
    Standard,

    /// <summary>Past the end of standard support: EKS bills extended support (six times the control-plane price); GKE only keeps it on the Extended channel.</summary>
    Extended,

    /// <summary>Past the end of all support: the cloud upgrades the control plane itself.</summary>
    Ended,

    /// <summary>Not in the calendar (newer than it, or older than the oldest row).</summary>
    Unknown,
}

/// <summary>One minor version's support window on one cloud.</summary>
/// <param name="Cloud">The cloud.</param>
/// <param name="Version">The minor version, <c>1.35</c>.</param>
/// <param name="Released">When the cloud made it available (EKS release; GKE availability in the Regular channel).</param>
/// <param name="EndOfStandardSupport">The first day that is no longer standard support (EKS bills extended support from the start of that day, UTC).</param>
/// <param name="EndOfExtendedSupport">The end of all support: the cloud upgrades the control plane after it.</param>
/// <param name="Source">Where the row was read.</param>
/// <param name="Verified">False when the dates come from a secondary source or an estimate the cloud may move (see <paramref name="Source"/>).</param>
public sealed record KubernetesVersionSupport(
    Cloud Cloud,
    string Version,
    DateOnly Released,
    DateOnly EndOfStandardSupport,
    DateOnly EndOfExtendedSupport,
    string Source,
    bool Verified)
{
    /// <summary>The status on <paramref name="day"/>.</summary>
    public SupportStatus On(DateOnly day) =>
        day < EndOfStandardSupport ? SupportStatus.Standard
        : day < EndOfExtendedSupport ? SupportStatus.Extended
        : SupportStatus.Ended;

    /// <summary>Days from <paramref name="day"/> to the end of standard support (negative once past it).</summary>
    public int DaysOfStandardSupportLeft(DateOnly day) => EndOfStandardSupport.DayNumber - day.DayNumber;
}

/// <summary>
/// The Kubernetes version calendar of EKS and GKE, so that a stack cannot drift into extended support unseen: EKS bills
/// $0.60 instead of $0.10 per cluster hour past the end of standard support (AWS blog "Amazon EKS extended support for
/// Kubernetes versions pricing", https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/).
/// Read on <see cref="AsOf"/> from stored copies of:
/// EKS: "Understand the Kubernetes version lifecycle on EKS", section "Amazon EKS Kubernetes release calendar",
/// https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (source: github.com/awsdocs/amazon-eks-user-guide
/// latest/ug/versioning/kubernetes-versions.adoc, commit 0138560): 1.29 to 1.34 verified there. The stored copy predates
/// 1.35 on EKS: its dates (EKS release 2026-01-28, standard to 2027-03-27, extended to 2028-03-27) come from
/// endoflife.date/amazon-eks and the AWS samples "eks-operation-review" calendar (verified by its authors 2026-04-24),
/// which agree with each other and with EKS's 14 + 12 month rule; not verified on the AWS page. 1.36 on EKS: no source
/// read; not catalogued, so it is Unknown (a warning, not a refusal).
/// GKE: "GKE release schedule", https://cloud.google.com/kubernetes-engine/docs/release-schedule (dates there are
/// Google's own best-effort estimates) and "GKE versioning and support" (about 14 months of standard support from
/// Regular-channel availability, then about 10 months of extended support on the Extended channel). The stored copy of
/// the schedule did not show the rows below, so they come from endoflife.date/google-kubernetes-engine, which mirrors
/// it: unverified. The GKE Regular-channel release notes of 2026-09-17 name 1.35.8-gke.1036000 the default version
/// for cluster creation (docs.cloud.google.com/feeds/gke-regular-channel-release-notes.xml), which agrees.
/// </summary>
public static class KubernetesVersionCalendar
{
    /// <summary>When the rows were read.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 27);

    /// <summary>Validation warns this many days before the end of standard support.</summary>
    public const int WarningDays = 90;

    private const string EksPage = "docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar)";
    private const string EksSecondary = "endoflife.date/amazon-eks and aws-samples eks-operation-review calendar of 2026-04-24; not yet on the stored AWS page";
    private const string GkeSecondary = "endoflife.date/google-kubernetes-engine, mirroring cloud.google.com/kubernetes-engine/docs/release-schedule (Google's estimates)";

    private static readonly IReadOnlyList<KubernetesVersionSupport> Rows =
    [
        Eks("1.29", "2024-01-23", "2025-03-23", "2026-03-23"),
        Eks("1.30", "2024-05-23", "2025-07-23", "2026-07-23"),
        Eks("1.31", "2024-09-26", "2025-11-26", "2026-11-26"),
        Eks("1.32", "2025-01-23", "2026-03-23", "2027-03-23"),
        Eks("1.33", "2025-05-29", "2026-07-29", "2027-07-29"),
        Eks("1.34", "2025-10-02", "2026-12-02", "2027-12-02"),
        new(Cloud.Aws, "1.35", Day("2026-01-28"), Day("2027-03-27"), Day("2028-03-27"), EksSecondary, Verified: false),

        // GKE: Released = availability on GKE per endoflife.date; the end of standard support is the schedule's
        // "end of standard support" (formerly "end of life"). The end of extended support is derived, not read: GKE
        // supports a minor "up to a total of 24 months" after Regular-channel availability (versioning page).
        Gke("1.30", "2024-07-31", "2025-07-31"),
        Gke("1.31", "2024-10-25", "2025-11-30"),
        Gke("1.32", "2025-02-11", "2026-02-28"),
        Gke("1.33", "2025-06-03", "2026-06-30"),
        Gke("1.34", "2025-09-30", "2026-08-30"),
        Gke("1.35", "2026-02-11", "2027-02-28"),
    ];

    /// <summary>The row of <paramref name="version"/> on <paramref name="cloud"/>, or null when the calendar does not list it.</summary>
    public static KubernetesVersionSupport? Find(Cloud cloud, string version) =>
        Rows.FirstOrDefault(r => r.Cloud == cloud && r.Version == version);

    /// <summary>Every row of <paramref name="cloud"/>, oldest first.</summary>
    public static IReadOnlyList<KubernetesVersionSupport> Versions(Cloud cloud) => Rows.Where(r => r.Cloud == cloud).ToList();

    /// <summary>The status of <paramref name="version"/> on <paramref name="cloud"/> on <paramref name="day"/>.</summary>
    public static SupportStatus StatusOn(Cloud cloud, string version, DateOnly day) =>
        Find(cloud, version)?.On(day) ?? SupportStatus.Unknown;

    private static KubernetesVersionSupport Eks(string version, string released, string endStandard, string endExtended) =>
        new(Cloud.Aws, version, Day(released), Day(endStandard), Day(endExtended), EksPage, Verified: true);

    private static KubernetesVersionSupport Gke(string version, string released, string endStandard) =>
        new(Cloud.Gcp, version, Day(released), Day(endStandard), Day(released).AddMonths(24), GkeSecondary, Verified: false);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
