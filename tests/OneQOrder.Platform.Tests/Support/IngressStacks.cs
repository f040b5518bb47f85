using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Support;

/// <summary>
/// The committed stacks with a test public entry for oneq-order alone (issue 12), or with none: the tests set
/// <see cref="StackSettings.Ingress"/> on the read settings and validate again.
/// </summary>
internal static class IngressStacks
{
    /// <summary>The Route 53 hosted zone id (AWS) or Cloud DNS managed zone name (GCP) of the test ingress.</summary>
    public static string DnsZone(Cloud cloud) => cloud == Cloud.Aws ? "Z0123456789ABCDEFGHIJ" : "oneq-example-com";

    /// <summary>An ingress for the oneq-order service on <c>oneq.example.com</c>, in the stack's cloud's zone.</summary>
    public static IngressSettings Ingress(Cloud cloud) => new()
    {
        Domain = "oneq.example.com",
        DnsZone = DnsZone(cloud),
        Hostnames = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["oneq-order"] = ["api.oneq.example.com"] },
        SourceCidrs = ["0.0.0.0/0"],
        Http = "redirect",
        Acme = new AcmeSettings { Email = "platform@oneq.example.com", Server = "production" },
        Replicas = 2,
        Limits = new IngressLimitSettings { RequestBodyBytes = 1_048_576, RequestTimeoutSeconds = 30, RequestsPerMinute = 600 },
    };

    /// <summary><paramref name="settings"/> with the test ingress, validated again.</summary>
    public static ValidatedSettings With(StackSettings settings) =>
        StackConfiguration.Validate(settings with
        {
            Services = [.. settings.Services.Select(s => s with { Public = s.Name == "oneq-order" })],
            Ingress = Ingress(settings.Cloud),
        });

    /// <summary><paramref name="settings"/> with no public service and so no ingress: a stack with nothing to expose.</summary>
    public static ValidatedSettings Without(StackSettings settings) =>
        StackConfiguration.Validate(settings with
        {
            Services = [.. settings.Services.Select(s => s with { Public = false })],
            Ingress = null,
        });

    /// <summary>The plan of <paramref name="settings"/> with the test ingress.</summary>
    public static PlatformPlan Plan(StackSettings settings) => PlatformPlanner.Build(With(settings));
}
