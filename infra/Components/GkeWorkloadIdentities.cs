using System.Collections.Immutable;
using OneQOrder.Platform.Tenants;
using Pulumi;
using Pulumi.Gcp.ServiceAccount;

namespace OneQOrder.Infra.Components;

/// <summary>
/// Guardrail #19 on GKE: per service, one Google service account that grants <c>roles/iam.workloadIdentityUser</c>
/// to exactly <c>serviceAccount:&lt;project&gt;.svc.id.goog[&lt;ns&gt;/&lt;ksa&gt;]</c>, the service's KSA, which the
/// library renders with the <c>iam.gke.io/gcp-service-account</c> annotation (GKE docs, "Authenticate to Google Cloud
/// APIs from GKE workloads"). The binding names the cluster's workload pool, which exists once
/// <see cref="GkeCluster"/> is up: depend on the cluster component. No project roles are granted: what a service may
/// do in GCP is its own team's policy to grant to its account.
/// </summary>
public sealed class GkeWorkloadIdentities : ComponentResource, IWorkloadIdentities
{
    public GkeWorkloadIdentities(string name, GkeWorkloadIdentitiesArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:GkeWorkloadIdentities", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var child = new CustomResourceOptions { Parent = this };
        var emails = new List<Output<string>>();
        foreach (var identity in args.Identities)
        {
            var service = identity.Tenant.Name;
            var account = ImpersonableAccount($"{name}-{service}", identity.AccountId, identity.Project, $"{service} workload identity",
                $"Impersonated by KSA {identity.Namespace}/{identity.ServiceAccount} through GKE Workload Identity; no roles granted by the platform",
                identity.Member, child);
            emails.Add(account.Email);
        }

        Identities = WorkloadIdentityOutputs.ByService(args.Identities.Select(i => i.Tenant.Name).ToList(), emails);
        RegisterOutputs(new Dictionary<string, object?> { ["identities"] = Identities });
    }

    /// <summary>
    /// A Google service account that only the KSA named by <paramref name="workloadIdentityMember"/>
    /// (<c>serviceAccount:&lt;project&gt;.svc.id.goog[&lt;ns&gt;/&lt;ksa&gt;]</c>) may impersonate: the account, and
    /// <c>roles/iam.workloadIdentityUser</c> on it for that member alone (resource <c>&lt;name&gt;-workload-identity-user</c>).
    /// </summary>
    internal static Account ImpersonableAccount(string name, string accountId, string project, string displayName, string description,
        string workloadIdentityMember, CustomResourceOptions options)
    {
        var account = new Account(name, new AccountArgs
        {
            AccountId = accountId,
            Project = project,
            DisplayName = displayName,
            Description = description,
        }, options);
        _ = new IAMMember($"{name}-workload-identity-user", new IAMMemberArgs
        {
            ServiceAccountId = account.Name,
            Role = GcpWorkloadIdentity.Role,
            Member = workloadIdentityMember,
        }, options);
        return account;
    }

    /// <summary>Service name → the email of its Google service account.</summary>
    [Output]
    public Output<ImmutableDictionary<string, string>> Identities { get; private set; }
}

/// <summary>Arguments of <see cref="GkeWorkloadIdentities"/>.</summary>
public sealed class GkeWorkloadIdentitiesArgs
{
    /// <summary>The planned identities, one per service (<see cref="OneQOrder.Platform.CloudResources.GcpResourcePlan.WorkloadIdentities"/>).</summary>
    public required IReadOnlyList<GcpWorkloadIdentity> Identities { get; init; }
}
