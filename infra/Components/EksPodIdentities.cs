using System.Collections.Immutable;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Tenants;
using Pulumi;
using Pulumi.Aws.Eks;
using Pulumi.Aws.Iam;

namespace OneQOrder.Infra.Components;

/// <summary>
/// Guardrail #19 on EKS: per service, one IAM role that only the EKS Pod Identity agent (<c>pods.eks.amazonaws.com</c>)
/// may assume, and a <c>PodIdentityAssociation</c> handing it to pods running as the service's ServiceAccount in the
/// service's namespace (EKS-BP iam "Use one IAM role per application"). The association needs the
/// <c>eks-pod-identity-agent</c> add-on, which <see cref="EksCluster"/> installs: depend on the cluster component.
/// No permissions are attached: what a service may do in AWS is its own team's policy to attach to its role.
/// </summary>
public sealed class EksPodIdentities : ComponentResource, IWorkloadIdentities
{
    public EksPodIdentities(string name, EksPodIdentitiesArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:EksPodIdentities", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var child = new CustomResourceOptions { Parent = this };
        // WI-01: the planned trust, which names only the Pod Identity agent; the association scopes each role.
        var trust = AwsAccount.AssumeRolePolicy(this, args.Trust.Service, [.. args.Trust.Actions]);
        var arns = new List<Output<string>>();
        foreach (var identity in args.Identities)
        {
            var service = identity.Tenant.Name;
            var role = new Role($"{name}-{service}-role", new RoleArgs
            {
                Name = identity.RoleName,
                Description = $"{service}: pods of ServiceAccount {identity.Namespace}/{identity.ServiceAccount} through EKS Pod Identity; no permissions granted by the platform",
                AssumeRolePolicy = trust,
            }, child);
            var association = new PodIdentityAssociation($"{name}-{service}", new PodIdentityAssociationArgs
            {
                ClusterName = args.ClusterName,
                Namespace = identity.Namespace,
                ServiceAccount = identity.ServiceAccount,
                RoleArn = role.Arn,
            }, child);
            arns.Add(association.RoleArn);
        }

        Identities = WorkloadIdentityOutputs.ByService(args.Identities.Select(i => i.Tenant.Name).ToList(), arns);
        RegisterOutputs(new Dictionary<string, object?> { ["identities"] = Identities });
    }

    /// <summary>Service name → the ARN of its IAM role.</summary>
    [Output]
    public Output<ImmutableDictionary<string, string>> Identities { get; private set; }
}

/// <summary>Arguments of <see cref="EksPodIdentities"/>.</summary>
public sealed class EksPodIdentitiesArgs
{
    /// <summary>The planned identities, one per service (<see cref="AwsResourcePlan.PodIdentities"/>).</summary>
    public required IReadOnlyList<AwsPodIdentity> Identities { get; init; }

    /// <summary>Who may assume the roles (<see cref="AwsResourcePlan.PodIdentityTrust"/>).</summary>
    public required AwsTrustSpec Trust { get; init; }

    /// <summary>The EKS cluster the associations belong to.</summary>
    public required Input<string> ClusterName { get; init; }
}
