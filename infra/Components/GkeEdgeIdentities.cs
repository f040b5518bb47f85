using System.Collections.Immutable;
using OneQOrder.Platform.CloudResources;
using Pulumi;
using Pulumi.Gcp.Dns;
using Projects = Pulumi.Gcp.Projects;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The public entry's Google service accounts on GKE (issue 12): cert-manager's and external-dns's, each impersonable
/// only by its KSA through Workload Identity (<c>roles/iam.workloadIdentityUser</c> to exactly
/// <c>serviceAccount:&lt;project&gt;.svc.id.goog[&lt;ns&gt;/&lt;ksa&gt;]</c>), with the planned roles on the one managed zone
/// (<c>gcp:dns/dnsManagedZoneIamMember</c>) and the planned read-only roles on the project
/// (<see cref="CloudResourcePlanner"/>, GcpEdge, for the sources). Like <see cref="GkeWorkloadIdentities"/>, the bindings
/// name the cluster's workload pool: depend on the cluster component.
/// </summary>
public sealed class GkeEdgeIdentities : ComponentResource
{
    public GkeEdgeIdentities(string name, GkeEdgeIdentitiesArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:GkeEdgeIdentities", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;
        var child = new CustomResourceOptions { Parent = this };
        var emails = new List<Output<string>>();
        foreach (var identity in plan.Identities)
        {
            var component = identity.Component;
            var account = GkeWorkloadIdentities.ImpersonableAccount($"{name}-{component}", identity.AccountId, identity.Project, $"{component} (public entry)",
                $"Impersonated by KSA {identity.Namespace}/{identity.ServiceAccount} through GKE Workload Identity; writes records in the managed zone {plan.ManagedZone} only",
                identity.WorkloadIdentityMember, child);

            var member = account.Member;
            foreach (var role in identity.ZoneRoles)
            {
                _ = new DnsManagedZoneIamMember($"{name}-{component}-zone-{RoleSuffix(role)}", new DnsManagedZoneIamMemberArgs
                {
                    Project = identity.Project,
                    ManagedZone = plan.ManagedZone,
                    Role = role,
                    Member = member,
                }, child);
            }

            foreach (var role in identity.ProjectRoles)
            {
                _ = new Projects.IAMMember($"{name}-{component}-project-{RoleSuffix(role)}", new Projects.IAMMemberArgs
                {
                    Project = identity.Project,
                    Role = role,
                    Member = member,
                }, child);
            }

            emails.Add(account.Email);
        }

        var components = plan.Identities.Select(i => i.Component).ToList();
        Emails = Output.All(emails).Apply(values => components.Zip(values).ToImmutableDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        RegisterOutputs(new Dictionary<string, object?> { ["emails"] = Emails });
    }

    /// <summary>Component (<c>cert-manager</c>, <c>external-dns</c>) → the email of its Google service account.</summary>
    [Output("emails")]
    public Output<ImmutableDictionary<string, string>> Emails { get; }

    /// <summary><c>roles/dns.admin</c> → <c>dns-admin</c>, for resource names.</summary>
    private static string RoleSuffix(string role) => role.Split('/')[^1].Replace('.', '-');
}

/// <summary>Arguments of <see cref="GkeEdgeIdentities"/>.</summary>
public sealed class GkeEdgeIdentitiesArgs
{
    /// <summary>The planned identities and their zone (<see cref="GcpResourcePlan.Edge"/>).</summary>
    public required GcpEdgeIdentitiesSpec Plan { get; init; }
}
