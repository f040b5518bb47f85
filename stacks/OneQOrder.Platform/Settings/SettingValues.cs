namespace OneQOrder.Platform.Settings;

/// <summary>
/// The values some settings may take, shared by the layers that check them: validation (is the value known?) and the
/// guardrails (does the value weaken a control?). At the bottom of the library, so neither needs the other.
/// </summary>
public static class SettingValues
{
    /// <summary>The Linkerd default inbound policies (linkerd.io/2/reference/authorization-policy).</summary>
    public static readonly IReadOnlySet<string> InboundPolicies = new SortedSet<string>(StringComparer.Ordinal)
    {
        "all-authenticated", "all-unauthenticated", "audit", "cluster-authenticated", "cluster-unauthenticated", "deny",
    };

    /// <summary>What <c>cluster.rbacGroup</c> must look like; the guardrail CP-07 message uses it too.</summary>
    public const string RbacGroupExpected = "the organisation's Google Group gke-security-groups@<domain>, e.g. gke-security-groups@example.com (GKE Google Groups for RBAC)";

    /// <summary>
    /// What <c>ingress.http</c>, the gateway's plain-HTTP listener on port 80, does: <c>redirect</c> (every request
    /// answered with a redirect to https), <c>off</c> (no port 80 listener) or <c>serve</c> (routes served in plain
    /// text: a test stack only, since production refuses a plain-HTTP listener, guardrail MESH-07).
    /// </summary>
    public static readonly IReadOnlyList<string> IngressHttpModes = ["redirect", "off", "serve"];

    /// <summary>
    /// The ACME servers <c>ingress.acme.server</c> names, by the Let's Encrypt directory they stand for
    /// (letsencrypt.org/docs/staging-environment): <c>production</c> issues browser-trusted certificates,
    /// <c>staging</c> untrusted ones under far higher rate limits, for trying a stack out.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AcmeServers = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["production"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["staging"] = "https://acme-staging-v02.api.letsencrypt.org/directory",
    };
}
