using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.CloudResources;

/// <summary>
/// The cloud resources of a stack as typed, immutable records: the resource arguments that are guardrail evidence
/// (endpoint access, log types, IMDS options, node subnets, encryption, protect, …), decided here once. The Pulumi
/// program (<c>infra/</c>) passes these values to its resources unchanged, and the guardrail report computes the
/// verdicts of the cloud controls from the same records, so a wrong value fails a control instead of hiding behind
/// a constant in the program. One subtype per cloud: <see cref="AwsResourcePlan"/> or <see cref="GcpResourcePlan"/>.
/// </summary>
/// <remarks>
/// Resources are referred to by their planned names (subnets, KMS keys, service accounts): the program maps each name
/// to the resource it created, so a reference to something the plan does not create fails the program instead of
/// being silently replaced by a default.
/// </remarks>
public abstract record CloudResourcePlan
{
    /// <summary>The cloud the resources are created in.</summary>
    public abstract Cloud Cloud { get; }

    /// <summary>The one Kubernetes provider every in-cluster resource uses.</summary>
    public required KubernetesProviderSpec KubernetesProvider { get; init; }

    /// <summary>Every resource that takes the Pulumi <c>protect</c> option, with the value it gets (guardrail CP-08).</summary>
    public abstract IReadOnlyList<ProtectedResource> Protection { get; }
}

/// <summary>The Kubernetes provider's arguments that decide what a destroy may do.</summary>
/// <param name="DeleteUnreachable">
/// Drop in-cluster resources from state when the cluster is unreachable, so destroying a stack whose cluster went first
/// does not hang. Test stacks only: in production it would hide a lost cluster's resources (guardrail CP-08).
/// </param>
public sealed record KubernetesProviderSpec(bool DeleteUnreachable);

/// <summary>A resource and its Pulumi <c>protect</c> option: a protected resource cannot be deleted by <c>pulumi destroy</c> or a replacement.</summary>
/// <param name="Resource">What it is, for the report: <c>EKS cluster oneq-prod</c>.</param>
/// <param name="Protect">The <c>protect</c> option it is registered with.</param>
public sealed record ProtectedResource(string Resource, bool Protect);
