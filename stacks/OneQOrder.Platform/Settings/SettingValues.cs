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
}
