using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Validation;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Support;

/// <summary>
/// The committed stacks with an <c>ingress</c> (issue 12), built programmatically until the stack files carry one:
/// dev on GCP, prod on AWS, and dev moved to AWS by the migration runbook (the parity test's pair). oneq-order is
/// served at <c>order.&lt;domain&gt;</c>, appcard at <c>appcard.&lt;domain&gt;</c>. Each is validated by the real validator.
/// </summary>
internal static class EdgeStacks
{
    public const string DevDomain = "dev.oneq.example";
    public const string ProdDomain = "oneq.example";

    /// <summary>An ingress for <paramref name="domain"/> on a zone of the stack's cloud.</summary>
    public static IngressSettings Ingress(string domain, string dnsZone, int replicas, string http = "redirect", string acmeServer = "staging") => new()
    {
        Domain = domain,
        DnsZone = dnsZone,
        Hostnames = new Dictionary<string, IReadOnlyList<string>>
        {
            ["oneq-order"] = [$"order.{domain}"],
            ["appcard"] = [$"appcard.{domain}"],
        },
        SourceCidrs = ["0.0.0.0/0"],
        Http = http,
        Acme = new AcmeSettings { Email = "platform@oneq.example", Server = acmeServer },
        Replicas = replicas,
        Limits = new IngressLimitSettings { RequestBodyBytes = 1048576, RequestTimeoutSeconds = 30, RequestsPerMinute = 600 },
    };

    /// <summary>A committed stack with its ingress: dev (GCP, Cloud DNS zone <c>oneq-dev</c>), prod (AWS, a Route 53 zone id, 2 replicas).</summary>
    public static ValidatedSettings Validated(string stack) => StackConfiguration.Validate(Settings(stack));

    /// <summary>The settings of <see cref="Validated"/>, for tests that change them further.</summary>
    public static StackSettings Settings(string stack) => stack switch
    {
        "dev" => Repository.Stack("dev") with { Ingress = Ingress(DevDomain, "oneq-dev", 1) },
        "prod" => Repository.Stack("prod") with { Ingress = Ingress(ProdDomain, "Z0123456789ABCDEFGHIJ", 2, acmeServer: "production") },
        _ => throw new ArgumentOutOfRangeException(nameof(stack), stack, "dev or prod"),
    };

    /// <summary>A committed stack with no public service and so no ingress (the validator refuses either without the other).</summary>
    public static StackSettings WithoutPublicServices(string stack) =>
        Settings(stack) with { Ingress = null, Services = [.. Settings(stack).Services.Select(s => s with { Public = false })] };

    /// <summary>dev moved to AWS by the migration runbook, with the same ingress but its zone in Route 53.</summary>
    public static ValidatedSettings DevOnAws() =>
        StackConfiguration.Validate(MigrationRunbookTests.MigratedDev() with { Ingress = Settings("dev").Ingress! with { DnsZone = "Z0123456789ABCDEFGHIJ" } });
}
