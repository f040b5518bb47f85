namespace OneQOrder.Platform.ClusterAccess;

/// <summary>
/// The names that tie a preview identity to its read-only RBAC: the EKS access entries of <c>cluster.previewers</c>
/// map them into <see cref="Group"/>; on GKE the binding names each previewer's email as a user (GKE maps an IAM
/// principal to the RBAC user of its email address: GKE docs, "Role-based access control").
/// </summary>
public static class PreviewAccess
{
    /// <summary>The RBAC group of the preview identities on EKS (an access entry's <c>kubernetesGroups</c>; must not start with <c>system:</c>).</summary>
    public const string Group = "oneq-order-infra:preview";

    /// <summary>The ClusterRole (and its ClusterRoleBinding) that grants exactly what <c>pulumi preview --refresh</c> reads.</summary>
    public const string ClusterRoleName = "oneq-order-infra:preview";
}
