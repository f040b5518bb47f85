namespace OneQOrder.Tests.Support;

/// <summary>
/// A valid <c>oneq-order-infra:ingress</c> for the default catalogue's public services (oneq-order, appcard), as a
/// stack file writes it: a stack with a public service needs one (issue 12), and the tests of other rules should not
/// each spell it out. One file, compiled into every project under tests/ (tests/Directory.Build.props).
/// </summary>
internal static class SampleIngress
{
    /// <summary>The domain: each public service gets <c>&lt;service&gt;.oneq.example</c> (oneq-order: <c>order.oneq.example</c>).</summary>
    public const string Domain = "oneq.example";

    /// <summary>A placeholder Route 53 hosted zone id of the form Route 53 assigns.</summary>
    public const string AwsZone = "Z0123456789ABCDEFGHIJ";

    /// <summary>A placeholder Cloud DNS managed zone name.</summary>
    public const string GcpZone = "oneq-example";

    /// <summary>The ACME account's contact.</summary>
    public const string Email = "platform@" + Domain;

    /// <summary>
    /// The block in <paramref name="zone"/>, its key at column 0 and each later line prefixed with
    /// <paramref name="indent"/> (for a block placed inside an indented text such as a whole stack file).
    /// </summary>
    public static string Yaml(string zone, string indent = "") => string.Join("\n" + indent,
        "oneq-order-infra:ingress:",
        $"  domain: {Domain}",
        $"  dnsZone: {zone}",
        "  hostnames:",
        $"    oneq-order: [order.{Domain}]",
        $"    appcard: [appcard.{Domain}]",
        "  acme:",
        $"    email: {Email}");
}
