using System.Collections.Immutable;
using OneQOrder.Platform.ClusterAddons;
using Pulumi;
using Pulumi.Kubernetes.Helm.V3;
using Pulumi.Kubernetes.Storage.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Storage.V1;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="ClusterAddons"/>.</summary>
public sealed class ClusterAddonsArgs
{
    /// <summary>The planned add-ons: the StorageClass and, on EKS, Cluster Autoscaler.</summary>
    public required ClusterAddonsPlan Plan { get; init; }

    /// <summary>The cluster's planned keys as the cloud names them (<see cref="ICluster.KeyReferences"/>).</summary>
    public required IReadOnlyDictionary<string, Output<string>> KeyReferences { get; init; }

    /// <summary>The provider of the cluster; every Kubernetes child uses it explicitly.</summary>
    public required KubernetesProvider Provider { get; init; }

    /// <summary>
    /// The VPC's id, which the AWS Load Balancer Controller's release is given at
    /// <see cref="LoadBalancerControllerPlan.VpcIdValueKey"/>; required when the plan has that release.
    /// </summary>
    public Output<string>? VpcId { get; init; }
}

/// <summary>
/// What the cluster needs before workloads keep data or grow: the encrypted StorageClass every PVC of the platform
/// names (created before monitoring, whose Prometheus claims a volume from it) and, on EKS, Cluster Autoscaler.
/// </summary>
public sealed class ClusterAddons : ComponentResource
{
    /// <summary>Helm's per-operation wait for the autoscaler: one Deployment, one replica.</summary>
    internal const int ReleaseTimeoutSeconds = 300;

    /// <summary>The AWS Load Balancer Controller's release, or null when the plan has none: the edge waits for it.</summary>
    public Release? LoadBalancerController { get; }

    /// <summary>The StorageClass's name.</summary>
    [Output("storageClassName")]
    public Output<string> StorageClassName { get; }

    public ClusterAddons(string name, ClusterAddonsArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:ClusterAddons", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;
        var storage = plan.StorageClass;
        var key = args.KeyReferences.TryGetValue(storage.KmsKey, out var reference)
            ? reference
            : throw new ArgumentException($"the StorageClass {storage.Name} names the key {storage.KmsKey}, which the cluster does not create", nameof(args));

        // Exactly the planned object (StorageClassPlan.Manifest), with the key's cloud reference filled in.
        var parameters = new InputMap<string>();
        foreach (var (parameter, value) in storage.Parameters)
        {
            parameters.Add(parameter, value);
        }

        parameters.Add(storage.KmsKeyParameter, key);
        var metadata = new ObjectMetaArgs { Name = storage.Name };
        if (storage.IsDefault)
        {
            metadata.Annotations.Add(StorageClassPlan.DefaultClassAnnotation, "true");
        }

        var storageClass = new StorageClass($"{name}-{storage.Name}", new StorageClassArgs
        {
            Metadata = metadata,
            Provisioner = storage.Provisioner,
            Parameters = parameters,
            VolumeBindingMode = storage.VolumeBindingMode,
            AllowVolumeExpansion = storage.AllowVolumeExpansion,
            ReclaimPolicy = "Delete",
        }, new CustomResourceOptions { Parent = this, Provider = args.Provider });

        foreach (var release in plan.Releases)
        {
            var releaseArgs = PlannedReleaseArgs.From(release, ReleaseTimeoutSeconds);
            if (release == plan.LoadBalancerController?.Release)
            {
                // The VPC exists only at deploy time; merged over the rendered values (Helm gives Values precedence).
                var vpcId = args.VpcId ?? throw new ArgumentException(
                    $"the plan installs {release.Name}, which needs the VPC id ({LoadBalancerControllerPlan.VpcIdValueKey}); none was given", nameof(args));
                releaseArgs.Values = vpcId.Apply(id => ImmutableDictionary<string, object>.Empty.Add(LoadBalancerControllerPlan.VpcIdValueKey, id));
            }

            var helmRelease = new Release($"{name}-{release.Name}", releaseArgs, new CustomResourceOptions
            {
                Parent = this,
                Provider = args.Provider,
            });
            if (release == plan.LoadBalancerController?.Release)
            {
                LoadBalancerController = helmRelease;
            }
        }

        StorageClassName = storageClass.Metadata.Apply(m => m.Name);
        RegisterOutputs(new Dictionary<string, object?> { ["storageClassName"] = StorageClassName });
    }
}
