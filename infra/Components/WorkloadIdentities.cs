using System.Collections.Immutable;
using Pulumi;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The per-service cloud identities as the rest of the program sees them, whichever cloud they are on
/// (<see cref="EksPodIdentities"/> or <see cref="GkeWorkloadIdentities"/>; guardrail #19).
/// </summary>
public interface IWorkloadIdentities
{
    /// <summary>Service name → its cloud identity: the IAM role ARN (AWS) or the Google service account email (GCP).</summary>
    Output<ImmutableDictionary<string, string>> Identities { get; }
}

/// <summary>What both workload identity components share.</summary>
internal static class WorkloadIdentityOutputs
{
    /// <summary>Pairs plan-time service names with the identities the resources produce, in one Apply.</summary>
    public static Output<ImmutableDictionary<string, string>> ByService(IReadOnlyList<string> services, IEnumerable<Output<string>> identities) =>
        Output.All(identities).Apply(values => services.Zip(values).ToImmutableDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
}
