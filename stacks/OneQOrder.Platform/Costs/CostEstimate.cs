using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Costs;

/// <summary>
/// One priced (or unpriced) line of the monthly estimate. <c>plan --format json</c> serialises it as is (camelCase): its
/// properties are the contract of <c>cost.items[]</c> that the pull-request comment reads, so they change only with it.
/// </summary>
/// <param name="Item">What is priced, with its quantity basis.</param>
/// <param name="Unit">The unit of <paramref name="UnitPrice"/>.</param>
/// <param name="UnitPrice">USD per unit; null: no price in the catalogue (never guessed).</param>
/// <param name="QuantityAtMinimum">Units a month with every pool at its minimum.</param>
/// <param name="QuantityAtMaximum">Units a month with every pool at its maximum.</param>
/// <param name="MonthlyAtMinimum">USD a month at the minimum; null when unpriced.</param>
/// <param name="MonthlyAtMaximum">USD a month at the maximum; null when unpriced.</param>
/// <param name="Source">The price's source and date, or <c>no price: …</c>.</param>
public sealed record CostItem(
    string Item,
    string Unit,
    decimal? UnitPrice,
    decimal QuantityAtMinimum,
    decimal QuantityAtMaximum,
    decimal? MonthlyAtMinimum,
    decimal? MonthlyAtMaximum,
    string Source);

/// <summary>
/// A stack's monthly estimate at list prices, and the replaced five-VPC design priced from the same catalogue in the
/// same region. Totals add the priced items only; <see cref="Unpriced"/> says how many were left out.
/// </summary>
public sealed record CostEstimate
{
    /// <summary>Every price is in US dollars.</summary>
    public const string Currency = "USD";

    /// <summary>The date of the price catalogue (<see cref="PriceCatalogue.AsOf"/>).</summary>
    public required DateOnly PricedOn { get; init; }

    /// <summary>The day the Kubernetes version's support (standard or extended price) was judged on.</summary>
    public required DateOnly SupportJudgedOn { get; init; }

    public required IReadOnlyList<CostItem> Items { get; init; }

    public decimal MonthlyAtMinimum => Items.Sum(i => i.MonthlyAtMinimum ?? 0);

    public decimal MonthlyAtMaximum => Items.Sum(i => i.MonthlyAtMaximum ?? 0);

    /// <summary>5 NAT gateways, 5 load balancers and 8 instances of 2 vCPU / 4 GiB (issue 13), in the stack's region.</summary>
    public required IReadOnlyList<CostItem> ReplacedDesign { get; init; }

    public decimal ReplacedDesignMonthly => ReplacedDesign.Sum(i => i.MonthlyAtMinimum ?? 0);

    /// <summary>The estimate at minimum nodes over the replaced design; null when the replaced design has no price in the region.</summary>
    public decimal? RatioToReplaced => ReplacedDesignMonthly == 0 ? null : decimal.Round(MonthlyAtMinimum / ReplacedDesignMonthly, 3, MidpointRounding.AwayFromZero);

    /// <summary>Items without a price, the replaced design's included.</summary>
    public int Unpriced => Items.Concat(ReplacedDesign).Count(i => i.UnitPrice is null);
}

/// <summary>Prices a <see cref="PlatformPlan"/> from <see cref="PriceCatalogue"/>.</summary>
public static class CostEstimator
{
    /// <summary>The control-plane and audit log volume assumed, GB a month (the estimate states it; real volume varies).</summary>
    public const decimal AssumedLogGbPerMonth = 5m;

    /// <summary>Cloud Logging's free ingestion per project and month (GiB).</summary>
    public const decimal GcpFreeLogGb = 50m;

    /// <summary>What the replaced design had (issue 13): per-VPC NAT gateways, load balancers, and 2 vCPU / 4 GiB instances.</summary>
    public const int ReplacedNatGateways = 5, ReplacedLoadBalancers = 5, ReplacedInstances = 8;

    private const decimal Hours = PriceCatalogue.HoursPerMonth;
    private const decimal DaysPerMonth = 365m / 12m;

    /// <summary>The NLB capacity units assumed per hour (the traffic is unknown; see the NLCU line).</summary>
    public const decimal AssumedNlcuPerHour = 1m;

    /// <summary>Estimates <paramref name="plan"/>'s month, judging the Kubernetes version's support on <paramref name="on"/>.</summary>
    public static CostEstimate Estimate(PlatformPlan plan, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = plan.Settings;
        var cloud = s.Cloud;
        var region = s.Provider.Region;
        var pools = plan.Cluster.NodePools;
        var minNodes = pools.Sum(p => p.MinNodes);
        var maxNodes = pools.Sum(p => p.MaxNodes);
        List<CostItem> items = [];

        // Control plane: standard or extended support on the day.
        var status = KubernetesVersionCalendar.StatusOn(cloud, plan.Cluster.KubernetesVersion, on);
        var extended = status is SupportStatus.Extended or SupportStatus.Ended;
        var kind = plan.Cluster.Kind;
        items.Add(Line($"{kind} control plane, Kubernetes {plan.Cluster.KubernetesVersion} ({(extended ? "extended" : "standard")} support on {on:yyyy-MM-dd})",
            Find(cloud, region, extended ? PricedUnit.ControlPlaneExtendedHour : PricedUnit.ControlPlaneStandardHour), Hours, Hours));
        if (cloud == Cloud.Gcp && plan.Cluster.NodeZones.Count == 1
            && Find(cloud, region, PricedUnit.ControlPlaneFreeTierMonth) is { } credit
            && Find(cloud, region, PricedUnit.ControlPlaneStandardHour) is { } fee)
        {
            // GKE's free tier credits one zonal cluster's management fee per billing account: as negative fee-hours.
            var covered = Math.Min(Hours, credit.UsdPerUnit / fee.UsdPerUnit);
            items.Add(Line("GKE free tier: one zonal cluster's fee per billing account", fee with { UsdPerUnit = -fee.UsdPerUnit, Unit = "cluster-hour credited", Source = credit.Source }, covered, covered));
        }

        // One NAT for the platform; Cloud NAT bills per VM it serves.
        var nat = Find(cloud, region, PricedUnit.NatHour);
        items.Add(cloud == Cloud.Aws
            ? Line($"NAT gateway ×{plan.Network.NatGateways.Count}", nat, plan.Network.NatGateways.Count * Hours, plan.Network.NatGateways.Count * Hours)
            : Line($"Cloud NAT ×{plan.Network.NatGateways.Count}, per node served", nat, Math.Min(minNodes, 32) * Hours, Math.Min(maxNodes, 32) * Hours));

        // The shared L4 load balancer(s) in front of the gateway: one per LoadBalancer service the edge's EnvoyProxy
        // objects ask for (DESIGN.md, "internet"; issue 12), none without an edge.
        var loadBalancers = plan.Edge?.GatewayObjects.Where(f => f.Type == typeof(EnvoyProxy)).Select(f => f.Thaw<EnvoyProxy>())
            .Count(p => p.Spec.Provider.Kubernetes.EnvoyService.Type == "LoadBalancer") ?? 0;
        items.Add(Line($"L4 load balancer ×{loadBalancers} (the shared entry)", Find(cloud, region, PricedUnit.LoadBalancerHour), loadBalancers * Hours, loadBalancers * Hours));
        if (cloud == Cloud.Aws && loadBalancers > 0)
        {
            // An NLB also bills capacity units: one NLCU is 800 new TCP connections a second, 100,000 active
            // connections or 1 GB processed an hour, whichever is largest (AWS ELB pricing page). The platform's
            // traffic is unknown; one NLCU on average per NLB is the stated assumption.
            items.Add(Line($"NLB capacity units (assumed {AssumedNlcuPerHour} NLCU per NLB on average)", Find(cloud, region, PricedUnit.LoadBalancerCapacityUnitHour),
                loadBalancers * AssumedNlcuPerHour * Hours, loadBalancers * AssumedNlcuPerHour * Hours));
        }

        var storage = Find(cloud, region, PricedUnit.BlockStorageGbMonth);
        foreach (var pool in pools)
        {
            var machine = PriceCatalogue.MachineHour(region, pool.MachineType);
            items.Add(Line($"nodes: pool {pool.Name}, {pool.MachineType} ×{pool.MinNodes}–{pool.MaxNodes}", machine, pool.MinNodes * Hours, pool.MaxNodes * Hours,
                missing: $"{pool.MachineType} in {region}"));
            items.Add(Line($"node disks: pool {pool.Name}, {pool.DiskSizeGb} GB each", storage, pool.MinNodes * pool.DiskSizeGb, pool.MaxNodes * pool.DiskSizeGb));
        }

        items.Add(Line($"persistent volume: Prometheus, {s.Monitoring.StorageGi} Gi", storage, s.Monitoring.StorageGi, s.Monitoring.StorageGi));

        var keys = plan.Resources switch
        {
            CloudResources.AwsResourcePlan aws => aws.Keys.Count,
            _ => 1,
        };
        items.Add(Line($"KMS keys ×{keys}", Find(cloud, region, PricedUnit.KmsKeyMonth), keys, keys));

        if (plan.Cluster.AuditLogs)
        {
            // At steady state the log group holds retention-days' worth of the monthly volume; Cloud Logging keeps the
            // first 30 days free and ingests the first 50 GiB a project free.
            var days = (decimal)plan.Cluster.AuditLogRetentionDays;
            var ingested = cloud == Cloud.Aws ? AssumedLogGbPerMonth : Math.Max(0, AssumedLogGbPerMonth - GcpFreeLogGb);
            var stored = decimal.Round(AssumedLogGbPerMonth * (cloud == Cloud.Aws ? days : Math.Max(0, days - 30)) / DaysPerMonth, 2, MidpointRounding.AwayFromZero);
            items.Add(Line($"control-plane logs: ingestion (assumed {AssumedLogGbPerMonth} GB/month)", Find(cloud, region, PricedUnit.LogIngestionGb), ingested, ingested));
            items.Add(Line($"control-plane logs: storage ({plan.Cluster.AuditLogRetentionDays} days retained)", Find(cloud, region, PricedUnit.LogStorageGbMonth), stored, stored));
        }

        return new CostEstimate
        {
            PricedOn = PriceCatalogue.AsOf,
            SupportJudgedOn = on,
            Items = items,
            ReplacedDesign = Replaced(cloud, region),
        };
    }

    /// <summary>The replaced design in <paramref name="region"/>: 5 NAT gateways, 5 load balancers, 8 × 2 vCPU / 4 GiB.</summary>
    public static IReadOnlyList<CostItem> Replaced(Cloud cloud, string region)
    {
        var instance = cloud == Cloud.Aws ? "t3.medium" : "e2-medium";
        var nat = Find(cloud, region, PricedUnit.NatHour);
        return
        [
            cloud == Cloud.Aws
                ? Line($"replaced: NAT gateway ×{ReplacedNatGateways}", nat, ReplacedNatGateways * Hours, ReplacedNatGateways * Hours)
                : Line($"replaced: Cloud NAT ×{ReplacedNatGateways}, per instance served", nat, ReplacedInstances * Hours, ReplacedInstances * Hours),
            Line($"replaced: load balancer ×{ReplacedLoadBalancers}", Find(cloud, region, PricedUnit.LoadBalancerHour), ReplacedLoadBalancers * Hours, ReplacedLoadBalancers * Hours),
            Line($"replaced: {instance} (2 vCPU / 4 GiB) ×{ReplacedInstances}", PriceCatalogue.MachineHour(region, instance), ReplacedInstances * Hours, ReplacedInstances * Hours,
                missing: $"{instance} in {region}"),
        ];
    }

    private static UnitPrice? Find(Cloud cloud, string region, PricedUnit unit) => PriceCatalogue.Find(cloud, region, unit);

    private static CostItem Line(string item, UnitPrice? price, decimal atMinimum, decimal atMaximum, string? missing = null) =>
        price is null
            ? new CostItem(item, "", null, atMinimum, atMaximum, null, null, $"no price: {missing ?? "this unit in this region"} is not in the catalogue of {PriceCatalogue.AsOf:yyyy-MM-dd} (stacks/OneQOrder.Platform/Clouds/PriceCatalogue.cs)")
            : new CostItem(item, price.Unit, price.UsdPerUnit, atMinimum, atMaximum, Money(price.UsdPerUnit * atMinimum), Money(price.UsdPerUnit * atMaximum),
                $"{price.Source} ({(price.Verified ? "read" : "unverified list price")} {price.Read:yyyy-MM-dd})");

    private static decimal Money(decimal usd) => decimal.Round(usd, 2, MidpointRounding.AwayFromZero);
}
