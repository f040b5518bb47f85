using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Helm.V3;

namespace OneQOrder.Infra.Components;

/// <summary>
/// Turns a planned Helm release into <see cref="ReleaseArgs"/> the same way for every chart the platform installs,
/// so the mesh and monitoring releases share one set of reliability settings.
/// </summary>
internal static class PlannedReleaseArgs
{
    /// <summary>
    /// The pinned chart from its repository, into the namespace the plan created beforehand, with exactly the
    /// rendered values file (what <c>plan --out</c> writes) and an explicit per-operation timeout.
    /// </summary>
    /// <param name="plan">The planned release.</param>
    /// <param name="timeoutSeconds">
    /// Helm's per-operation wait, in seconds (provider docs: "Time in seconds to wait for any individual kubernetes
    /// operation"); explicit so a stuck rollout fails the update instead of hanging on the 300 s default.
    /// </param>
    public static ReleaseArgs From(HelmReleasePlan plan, int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutSeconds);

        // An OCI registry is no chart repository (it has no index.yaml): Helm takes an OCI chart as one reference,
        // `oci://<registry>/<path>/<chart>`, and refuses --repo for it (helm.sh/docs/topics/registries, "helm install
        // … oci://…"); the provider passes `chart` to Helm the same way (Release docs, OCI example). Envoy Gateway's
        // chart is published only there.
        var oci = plan.Chart.IsOci;
        return new ReleaseArgs
        {
            Name = plan.Name,
            Chart = oci ? $"{plan.Chart.Repository}/{plan.Chart.Name}" : plan.Chart.Name,
            Version = plan.Chart.Version,
            RepositoryOpts = oci ? null! : new RepositoryOptsArgs { Repo = plan.Chart.Repository },
            Namespace = plan.Namespace,

            // Namespaces come from rendered manifests (labels, PSA level, mesh annotations); Helm must not create
            // a bare one that would then fight the manifest over ownership.
            CreateNamespace = false,

            // The rendered file is the single source of values; nothing is merged in from elsewhere unless a caller
            // adds Values (which Helm gives precedence), e.g. generated certificates.
            ValueYamlFiles = { new StringAsset(plan.ValuesYaml) },

            // A failed install or upgrade rolls back to the previous revision and deletes what it created, so a
            // half-applied chart never stays behind (GUARDRAILS reliability; Helm --atomic/--cleanup-on-fail).
            Atomic = true,
            CleanupOnFail = true,
            Timeout = timeoutSeconds,
            WaitForJobs = true,
        };
    }
}
