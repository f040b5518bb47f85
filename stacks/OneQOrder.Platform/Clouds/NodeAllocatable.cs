using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Clouds;

/// <summary>What one node offers pods: capacity minus what the kubelet reserves for the system and eviction.</summary>
/// <param name="CpuMillis">Allocatable CPU in millicores.</param>
/// <param name="MemoryMiB">Allocatable memory in MiB.</param>
/// <param name="Pods">Most pods the node runs.</param>
public sealed record NodeAllocatable(int CpuMillis, int MemoryMiB, int Pods)
{
    /// <summary>
    /// The allocatable of <paramref name="shape"/> on <paramref name="cloud"/>:
    /// CPU on both clouds reserves 6% of the first core, 1% of the second, 0.5% of the third and fourth and 0.25% of
    /// every further core.
    /// Memory on EKS reserves 11 MiB per pod the node may run plus 255 MiB (kube-reserved), and 100 MiB for hard
    /// eviction: the EKS AMI's formula (awslabs/amazon-eks-ami, bootstrap.sh get_memory_mebibytes_to_reserve and
    /// nodeadm's kubelet defaults; EKS Best Practices guide, "Reserve resources for system daemons"; not re-read here).
    /// Memory on GKE reserves 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112 and 2%
    /// above 128 GiB (255 MiB on machines under 1 GiB), and 100 MiB for eviction: "Plan GKE Standard node sizes",
    /// https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes, section "Resource reservations"
    /// (also cluster-architecture#memory_cpu; not re-read here).
    /// </summary>
    public static NodeAllocatable Of(Cloud cloud, MachineShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var cpuMillis = shape.Vcpus * 1000;
        var memoryMiB = (int)(shape.MemoryGiB * 1024);
        var reservedMemory = cloud == Cloud.Aws ? (11 * shape.MaxPods) + 255 : GkeReservedMemory(memoryMiB);
        return new NodeAllocatable(cpuMillis - ReservedCpu(shape.Vcpus), memoryMiB - reservedMemory - EvictionMiB, shape.MaxPods);
    }

    /// <summary>The hard-eviction threshold both clouds keep free (<c>memory.available&lt;100Mi</c>).</summary>
    public const int EvictionMiB = 100;

    private static int ReservedCpu(int cores)
    {
        double reserved = 0;
        for (var core = 1; core <= cores; core++)
        {
            reserved += core switch
            {
                1 => 60,
                2 => 10,
                3 or 4 => 5,
                _ => 2.5,
            };
        }

        return (int)Math.Ceiling(reserved);
    }

    private static int GkeReservedMemory(int memoryMiB)
    {
        if (memoryMiB < 1024)
        {
            return 255;
        }

        (double UpToMiB, double Share)[] bands = [(4 * 1024, 0.25), (8 * 1024, 0.20), (16 * 1024, 0.10), (128 * 1024, 0.06), (double.MaxValue, 0.02)];
        double reserved = 0, lower = 0;
        foreach (var (upTo, share) in bands)
        {
            if (memoryMiB <= lower)
            {
                break;
            }

            reserved += (Math.Min(memoryMiB, upTo) - lower) * share;
            lower = upTo;
        }

        return (int)Math.Ceiling(reserved);
    }
}
