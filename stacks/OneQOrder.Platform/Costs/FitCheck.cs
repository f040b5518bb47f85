using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Costs;

/// <summary>Whether the platform's pods fit a pool at a node count, and by how much.</summary>
/// <param name="Pool">The node pool.</param>
/// <param name="MachineType">Its machine type.</param>
/// <param name="Nodes">The node count checked (the pool's minimum).</param>
/// <param name="PerNode">One node's allocatable; null when the machine type's shape is not catalogued.</param>
/// <param name="RequestedCpuMillis">CPU the pods request in all, DaemonSets once per node.</param>
/// <param name="RequestedMemoryMiB">Memory the pods request in all.</param>
/// <param name="Pods">Pods in all.</param>
/// <param name="Unplaced">The pods first-fit-decreasing could not place; empty when everything fits.</param>
public sealed record FitResult(
    string Pool,
    string MachineType,
    int Nodes,
    NodeAllocatable? PerNode,
    int RequestedCpuMillis,
    int RequestedMemoryMiB,
    int Pods,
    IReadOnlyList<string> Unplaced)
{
    /// <summary>Every pod was placed on a node.</summary>
    public bool Fits => PerNode is not null && Unplaced.Count == 0;

    /// <summary>Share of the pool's allocatable CPU the pods request.</summary>
    public double CpuShare => PerNode is null ? double.NaN : (double)RequestedCpuMillis / (PerNode.CpuMillis * Nodes);

    /// <summary>Share of the pool's allocatable memory the pods request.</summary>
    public double MemoryShare => PerNode is null ? double.NaN : (double)RequestedMemoryMiB / (PerNode.MemoryMiB * Nodes);
}

/// <summary>
/// Does the platform fit on a pool's minimum nodes? A sum is not enough (a pod cannot span nodes), so the check places
/// every pod: DaemonSet pods on every node first, then the others largest first, each on the first node with room for
/// its CPU, memory and a pod slot (first-fit decreasing; replicas of one workload on different nodes while there are
/// enough nodes, as the HA anti-affinity asks). Generic over <see cref="WorkloadRequest"/>, so what another change
/// renders joins the check by joining <see cref="PlatformWorkloads.Of"/>.
/// </summary>
public static class FitCheck
{
    /// <summary>Checks <paramref name="workloads"/> on <paramref name="nodes"/> nodes of <paramref name="pool"/>'s type.</summary>
    public static FitResult Check(Cloud cloud, NodePoolPlan pool, int nodes, IReadOnlyList<WorkloadRequest> workloads)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(workloads);
        var perNode = PriceCatalogue.Shape(pool.MachineType) is { } shape ? NodeAllocatable.Of(cloud, shape) : null;
        var pods = workloads
            .SelectMany(w => Enumerable.Range(0, w.PerNode ? nodes : w.Replicas).Select(i => (w.Name, Index: i, w.PerNode, w.CpuMillis, w.MemoryMiB)))
            .ToList();
        var cpu = pods.Sum(p => p.CpuMillis);
        var memory = pods.Sum(p => p.MemoryMiB);
        if (perNode is null)
        {
            return new FitResult(pool.Name, pool.MachineType, nodes, null, cpu, memory, pods.Count, ["(the machine type's shape is not catalogued)"]);
        }

        var free = Enumerable.Range(0, nodes).Select(_ => (Cpu: perNode.CpuMillis, Memory: perNode.MemoryMiB, Pods: perNode.Pods)).ToArray();
        var hosts = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        List<string> unplaced = [];
        foreach (var pod in pods.OrderByDescending(p => p.PerNode).ThenByDescending(p => p.MemoryMiB).ThenByDescending(p => p.CpuMillis))
        {
            var used = hosts.TryGetValue(pod.Name, out var set) ? set : hosts[pod.Name] = [];
            var candidates = pod.PerNode
                ? [pod.Index]
                : Enumerable.Range(0, nodes).OrderBy(n => used.Contains(n) && used.Count < nodes ? 1 : 0).ToArray();
            var placed = false;
            foreach (var n in candidates)
            {
                if (free[n].Cpu >= pod.CpuMillis && free[n].Memory >= pod.MemoryMiB && free[n].Pods >= 1)
                {
                    free[n] = (free[n].Cpu - pod.CpuMillis, free[n].Memory - pod.MemoryMiB, free[n].Pods - 1);
                    used.Add(n);
                    placed = true;
                    break;
                }
            }

            if (!placed)
            {
                unplaced.Add($"{pod.Name} ({pod.CpuMillis}m, {pod.MemoryMiB}Mi)");
            }
        }

        return new FitResult(pool.Name, pool.MachineType, nodes, perNode, cpu, memory, pods.Count, unplaced);
    }
}

/// <summary>The fit check of a whole plan: every pool at its minimum node count, against the plan's pods.</summary>
public static class Sizing
{
    /// <summary>
    /// One result per pool. The platform's pods may run on any pool, so with several pools each is checked for what it
    /// would have to hold alone at its minimum (the conservative reading until pools are dedicated).
    /// </summary>
    public static IReadOnlyList<FitResult> Fit(Planning.PlatformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var workloads = PlatformWorkloads.Of(plan);
        return plan.Cluster.NodePools.Select(p => FitCheck.Check(plan.Settings.Cloud, p, p.MinNodes, workloads)).ToList();
    }
}
