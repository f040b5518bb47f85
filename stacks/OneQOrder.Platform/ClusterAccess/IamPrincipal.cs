namespace OneQOrder.Platform.ClusterAccess;

/// <summary>
/// The IAM principal behind a caller ARN, as EKS access entries need it: plain string parsing, so it lives here and is
/// tested with the library, not only where the Pulumi packages restore.
/// </summary>
public static class IamPrincipal
{
    /// <summary>
    /// A role session (<c>arn:aws:sts::123456789012:assumed-role/deploy/ci-run-42</c>) becomes its role
    /// (<c>arn:aws:iam::123456789012:role/deploy</c>) so the entry does not change per session; users and roles pass
    /// through. STS drops a role's path from session ARNs, so deploy roles should live at the root path "/".
    /// </summary>
    public static string Of(string callerArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(callerArn);
        var parts = callerArn.Split(':', 6);
        if (parts.Length == 6 && parts[2] == "sts" && parts[5].StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var role = parts[5].Split('/')[1];
            return $"arn:{parts[1]}:iam::{parts[4]}:role/{role}";
        }

        return callerArn;
    }
}
