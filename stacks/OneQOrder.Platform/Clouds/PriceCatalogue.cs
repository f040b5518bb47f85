using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Clouds;

/// <summary>What a catalogued unit price is for.</summary>
public enum PricedUnit
{
    /// <summary>The managed control plane in standard support, per cluster hour (EKS; GKE cluster management fee).</summary>
    ControlPlaneStandardHour,

    /// <summary>The managed control plane past standard support, per cluster hour (EKS extended support; GKE extended period).</summary>
    ControlPlaneExtendedHour,

    /// <summary>GKE's free-tier credit per billing account and month, which covers one zonal (or Autopilot) cluster's fee.</summary>
    ControlPlaneFreeTierMonth,

    /// <summary>AWS: a NAT gateway hour. GCP: a Cloud NAT hour per VM it serves (up to 32 VMs).</summary>
    NatHour,

    /// <summary>One cloud L4 load balancer (AWS NLB hour; GCP forwarding-rule hour).</summary>
    LoadBalancerHour,

    /// <summary>AWS only: an NLB's capacity unit hour (NLCU: new connections, active connections and bytes, the largest counts).</summary>
    LoadBalancerCapacityUnitHour,

    /// <summary>Block storage per GB-month: AWS gp3; GCP pd-balanced (the GKE node and PVC default).</summary>
    BlockStorageGbMonth,

    /// <summary>One customer-managed key per month (AWS KMS key; GCP Cloud KMS key version).</summary>
    KmsKeyMonth,

    /// <summary>Log ingestion per GB (CloudWatch Logs standard; Cloud Logging beyond the free allotment).</summary>
    LogIngestionGb,

    /// <summary>Log storage per GB-month (CloudWatch Logs archive; Cloud Logging retained beyond 30 days).</summary>
    LogStorageGbMonth,
}

/// <summary>A unit price and where it came from.</summary>
/// <param name="UsdPerUnit">US dollars per unit, on-demand list price.</param>
/// <param name="Unit">The unit, as people read it (<c>cluster-hour</c>, <c>GB-month</c>).</param>
/// <param name="Source">The public price page it was read from.</param>
/// <param name="Read">When it was read or, unverified, when it was written down.</param>
/// <param name="Verified">False when the figure is not confirmed by a copy of the page read on <paramref name="Read"/>.</param>
public sealed record UnitPrice(decimal UsdPerUnit, string Unit, string Source, DateOnly Read, bool Verified);

/// <summary>The shape of a machine type, what the fit check needs.</summary>
/// <param name="Type">The EC2 instance type or GCE machine type.</param>
/// <param name="Vcpus">vCPUs.</param>
/// <param name="MemoryGiB">Memory in GiB.</param>
/// <param name="Architecture"><c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="MaxPods">AWS: pods per node with the VPC CNI without prefix delegation, ENIs × (IPv4 per ENI − 1) + 2 (awslabs/amazon-eks-ami eni-max-pods.txt); GCP: 110 (the GKE Standard default).</param>
/// <param name="Burstable">A burstable type (t3, t4g, e2-medium): a full vCPU only while credits last.</param>
public sealed record MachineShape(string Type, int Vcpus, decimal MemoryGiB, string Architecture, int MaxPods, bool Burstable);

/// <summary>
/// Dated unit prices for the regions the stacks use, so <c>plan</c> can price what it builds. A region, machine type or
/// unit that is not here is priced as "no price", never guessed.
/// <para>
/// Read on <see cref="AsOf"/>. Verified against a stored copy on that day: the EKS control-plane prices ($0.10 per
/// cluster hour in standard support, $0.60 in extended support; AWS blog "Amazon EKS extended support for Kubernetes
/// versions pricing", https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/,
/// effective 2024-04-01) and the us-east-1 NAT gateway, NLB and t3.medium hours that issue 13 quotes ($32.85, $16.43 and
/// $30.37 a month at 730 hours). Every other figure is the on-demand list price as published on the pages cited on
/// it, written down from those pages without a stored copy to re-read here: <c>Verified = false</c>, and the plan says
/// so. Re-check them (and <see cref="AsOf"/>) against the pages before relying on a total to the dollar.
/// </para>
/// Pages: EC2 on-demand https://aws.amazon.com/ec2/pricing/on-demand/; VPC (NAT gateway) https://aws.amazon.com/vpc/pricing/;
/// ELB https://aws.amazon.com/elasticloadbalancing/pricing/; EBS https://aws.amazon.com/ebs/pricing/; KMS
/// https://aws.amazon.com/kms/pricing/; CloudWatch https://aws.amazon.com/cloudwatch/pricing/; GKE
/// https://cloud.google.com/kubernetes-engine/pricing; Compute Engine https://cloud.google.com/compute/vm-instance-pricing
/// and https://cloud.google.com/compute/disks-image-pricing; Cloud NAT https://cloud.google.com/nat/pricing; load
/// balancing https://cloud.google.com/vpc/network-pricing; Cloud KMS https://cloud.google.com/kms/pricing; Cloud Logging
/// https://cloud.google.com/stackdriver/pricing.
/// </summary>
public static class PriceCatalogue
{
    /// <summary>When the prices were read or written down.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 27);

    /// <summary>Hours in the month both clouds' calculators use (8,760 / 12).</summary>
    public const decimal HoursPerMonth = 730m;

    private const string Ec2 = "https://aws.amazon.com/ec2/pricing/on-demand/";
    private const string GceVm = "https://cloud.google.com/compute/vm-instance-pricing";
    private const string EksBlog = "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/";
    private const string Issue13 = "AWS list price as quoted in issue 13 (us-east-1, 730 h)";

    private static readonly IReadOnlyDictionary<string, MachineShape> Shapes = new[]
    {
        // AWS: vCPU and memory from https://aws.amazon.com/ec2/instance-types/; max pods from awslabs/amazon-eks-ami
        // templates/shared/runtime/eni-max-pods.txt (not re-read here: ENI limits of the EC2 user guide).
        new MachineShape("t3.medium", 2, 4, "x86_64", 17, Burstable: true),
        new MachineShape("t3.large", 2, 8, "x86_64", 35, Burstable: true),
        new MachineShape("t4g.medium", 2, 4, "arm64", 17, Burstable: true),
        new MachineShape("t4g.large", 2, 8, "arm64", 35, Burstable: true),
        new MachineShape("m6i.large", 2, 8, "x86_64", 29, Burstable: false),
        new MachineShape("m6i.xlarge", 4, 16, "x86_64", 58, Burstable: false),
        new MachineShape("m6g.large", 2, 8, "arm64", 29, Burstable: false),
        new MachineShape("m6g.xlarge", 4, 16, "arm64", 58, Burstable: false),
        new MachineShape("m7g.medium", 1, 4, "arm64", 8, Burstable: false),
        new MachineShape("m7g.large", 2, 8, "arm64", 29, Burstable: false),
        new MachineShape("m7g.xlarge", 4, 16, "arm64", 58, Burstable: false),
        new MachineShape("c7g.large", 2, 4, "arm64", 29, Burstable: false),

        // GCP: https://cloud.google.com/compute/docs/general-purpose-machines; GKE Standard's default of 110 pods per node.
        new MachineShape("e2-medium", 2, 4, "x86_64", 110, Burstable: true),
        new MachineShape("e2-standard-2", 2, 8, "x86_64", 110, Burstable: false),
        new MachineShape("e2-standard-4", 4, 16, "x86_64", 110, Burstable: false),
        new MachineShape("t2a-standard-2", 2, 8, "arm64", 110, Burstable: false),
        new MachineShape("t2a-standard-4", 4, 16, "arm64", 110, Burstable: false),
    }.ToDictionary(s => s.Type, StringComparer.Ordinal);

    // (region, type) -> USD per hour, on-demand, Linux.
    private static readonly IReadOnlyDictionary<(string Region, string Type), UnitPrice> MachineHours = new Dictionary<(string, string), UnitPrice>
    {
        [("us-east-1", "t3.medium")] = new(0.0416m, "instance-hour", Issue13, AsOf, Verified: true),
        [("us-east-1", "t3.large")] = Unverified(0.0832m, "instance-hour", Ec2),
        [("us-east-1", "t4g.medium")] = Unverified(0.0336m, "instance-hour", Ec2),
        [("us-east-1", "t4g.large")] = Unverified(0.0672m, "instance-hour", Ec2),
        [("us-east-1", "m6i.large")] = Unverified(0.096m, "instance-hour", Ec2),
        [("us-east-1", "m6i.xlarge")] = Unverified(0.192m, "instance-hour", Ec2),
        [("us-east-1", "m6g.large")] = Unverified(0.077m, "instance-hour", Ec2),
        [("us-east-1", "m6g.xlarge")] = Unverified(0.154m, "instance-hour", Ec2),
        [("us-east-1", "m7g.medium")] = Unverified(0.0408m, "instance-hour", Ec2),
        [("us-east-1", "m7g.large")] = Unverified(0.0816m, "instance-hour", Ec2),
        [("us-east-1", "m7g.xlarge")] = Unverified(0.1632m, "instance-hour", Ec2),
        [("us-east-1", "c7g.large")] = Unverified(0.0725m, "instance-hour", Ec2),
        [("ap-northeast-2", "t3.medium")] = Unverified(0.052m, "instance-hour", Ec2),
        [("ap-northeast-2", "t3.large")] = Unverified(0.104m, "instance-hour", Ec2),
        [("ap-northeast-2", "t4g.medium")] = Unverified(0.0416m, "instance-hour", Ec2),
        [("ap-northeast-2", "t4g.large")] = Unverified(0.0832m, "instance-hour", Ec2),
        [("ap-northeast-2", "m6i.large")] = Unverified(0.118m, "instance-hour", Ec2),
        [("ap-northeast-2", "m6i.xlarge")] = Unverified(0.236m, "instance-hour", Ec2),
        [("ap-northeast-2", "m6g.large")] = Unverified(0.094m, "instance-hour", Ec2),
        [("ap-northeast-2", "m6g.xlarge")] = Unverified(0.188m, "instance-hour", Ec2),
        [("ap-northeast-2", "m7g.medium")] = Unverified(0.0502m, "instance-hour", Ec2),
        [("ap-northeast-2", "m7g.large")] = Unverified(0.1004m, "instance-hour", Ec2),
        [("ap-northeast-2", "m7g.xlarge")] = Unverified(0.2008m, "instance-hour", Ec2),
        [("ap-northeast-2", "c7g.large")] = Unverified(0.0892m, "instance-hour", Ec2),
        [("us-central1", "e2-medium")] = Unverified(0.033503m, "instance-hour", GceVm),
        [("us-central1", "e2-standard-2")] = Unverified(0.067006m, "instance-hour", GceVm),
        [("us-central1", "e2-standard-4")] = Unverified(0.134012m, "instance-hour", GceVm),
        [("us-central1", "t2a-standard-2")] = Unverified(0.077m, "instance-hour", GceVm),
        [("us-central1", "t2a-standard-4")] = Unverified(0.154m, "instance-hour", GceVm),
        [("asia-northeast3", "e2-medium")] = Unverified(0.043147m, "instance-hour", GceVm),
        [("asia-northeast3", "e2-standard-2")] = Unverified(0.086294m, "instance-hour", GceVm),
        [("asia-northeast3", "e2-standard-4")] = Unverified(0.172588m, "instance-hour", GceVm),
    };

    private static readonly IReadOnlyDictionary<(Cloud Cloud, string Region, PricedUnit Unit), UnitPrice> Units = BuildUnits();

    /// <summary>The regions with prices, per cloud; other regions are priced "no price".</summary>
    public static IReadOnlyList<string> Regions(Cloud cloud) =>
        Units.Keys.Where(k => k.Cloud == cloud).Select(k => k.Region).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The price of <paramref name="unit"/> in <paramref name="region"/>, or null: no price.</summary>
    public static UnitPrice? Find(Cloud cloud, string region, PricedUnit unit) => Units.GetValueOrDefault((cloud, region, unit));

    /// <summary>The hourly price of <paramref name="machineType"/> in <paramref name="region"/>, or null: no price.</summary>
    public static UnitPrice? MachineHour(string region, string machineType) => MachineHours.GetValueOrDefault((region, machineType));

    /// <summary>The shape of <paramref name="machineType"/>, or null when the catalogue does not know it.</summary>
    public static MachineShape? Shape(string machineType) => Shapes.GetValueOrDefault(machineType);

    /// <summary>Every catalogued shape.</summary>
    public static IReadOnlyCollection<MachineShape> AllShapes => Shapes.Values.ToList();

    private static UnitPrice Unverified(decimal usd, string unit, string source) => new(usd, unit, source, AsOf, Verified: false);

    private static Dictionary<(Cloud, string, PricedUnit), UnitPrice> BuildUnits()
    {
        Dictionary<(Cloud, string, PricedUnit), UnitPrice> units = [];
        foreach (var region in new[] { "us-east-1", "ap-northeast-2" })
        {
            units[(Cloud.Aws, region, PricedUnit.ControlPlaneStandardHour)] = new(0.10m, "cluster-hour", EksBlog, AsOf, Verified: true);
            units[(Cloud.Aws, region, PricedUnit.ControlPlaneExtendedHour)] = new(0.60m, "cluster-hour", EksBlog, AsOf, Verified: true);
            units[(Cloud.Aws, region, PricedUnit.KmsKeyMonth)] = Unverified(1.00m, "key-month", "https://aws.amazon.com/kms/pricing/");
        }

        units[(Cloud.Aws, "us-east-1", PricedUnit.NatHour)] = new(0.045m, "gateway-hour", Issue13, AsOf, Verified: true);
        units[(Cloud.Aws, "us-east-1", PricedUnit.LoadBalancerHour)] = new(0.0225m, "load-balancer-hour", Issue13, AsOf, Verified: true);
        foreach (var region in new[] { "us-east-1", "ap-northeast-2" })
        {
            units[(Cloud.Aws, region, PricedUnit.LoadBalancerCapacityUnitHour)] = Unverified(0.006m, "NLCU-hour", "https://aws.amazon.com/elasticloadbalancing/pricing/");
        }

        units[(Cloud.Aws, "us-east-1", PricedUnit.BlockStorageGbMonth)] = Unverified(0.08m, "GB-month (gp3)", "https://aws.amazon.com/ebs/pricing/");
        units[(Cloud.Aws, "us-east-1", PricedUnit.LogIngestionGb)] = Unverified(0.50m, "GB ingested", "https://aws.amazon.com/cloudwatch/pricing/");
        units[(Cloud.Aws, "us-east-1", PricedUnit.LogStorageGbMonth)] = Unverified(0.03m, "GB-month stored", "https://aws.amazon.com/cloudwatch/pricing/");
        units[(Cloud.Aws, "ap-northeast-2", PricedUnit.NatHour)] = Unverified(0.059m, "gateway-hour", "https://aws.amazon.com/vpc/pricing/");
        units[(Cloud.Aws, "ap-northeast-2", PricedUnit.LoadBalancerHour)] = Unverified(0.0225m, "load-balancer-hour", "https://aws.amazon.com/elasticloadbalancing/pricing/");
        units[(Cloud.Aws, "ap-northeast-2", PricedUnit.BlockStorageGbMonth)] = Unverified(0.0912m, "GB-month (gp3)", "https://aws.amazon.com/ebs/pricing/");
        units[(Cloud.Aws, "ap-northeast-2", PricedUnit.LogIngestionGb)] = Unverified(0.76m, "GB ingested", "https://aws.amazon.com/cloudwatch/pricing/");
        units[(Cloud.Aws, "ap-northeast-2", PricedUnit.LogStorageGbMonth)] = Unverified(0.0314m, "GB-month stored", "https://aws.amazon.com/cloudwatch/pricing/");

        const string gke = "https://cloud.google.com/kubernetes-engine/pricing";
        foreach (var region in new[] { "us-central1", "asia-northeast3" })
        {
            units[(Cloud.Gcp, region, PricedUnit.ControlPlaneStandardHour)] = Unverified(0.10m, "cluster-hour", gke);
            units[(Cloud.Gcp, region, PricedUnit.ControlPlaneExtendedHour)] = Unverified(0.60m, "cluster-hour", gke);
            units[(Cloud.Gcp, region, PricedUnit.ControlPlaneFreeTierMonth)] = Unverified(74.40m, "billing-account-month (covers one zonal cluster)", gke);
            units[(Cloud.Gcp, region, PricedUnit.NatHour)] = Unverified(0.0014m, "VM-hour served (up to 32 VMs)", "https://cloud.google.com/nat/pricing");
            units[(Cloud.Gcp, region, PricedUnit.KmsKeyMonth)] = Unverified(0.06m, "key-version-month", "https://cloud.google.com/kms/pricing");
            units[(Cloud.Gcp, region, PricedUnit.LogIngestionGb)] = Unverified(0.50m, "GiB ingested beyond 50 GiB/project", "https://cloud.google.com/stackdriver/pricing");
            units[(Cloud.Gcp, region, PricedUnit.LogStorageGbMonth)] = Unverified(0.01m, "GiB-month retained beyond 30 days", "https://cloud.google.com/stackdriver/pricing");
        }

        units[(Cloud.Gcp, "us-central1", PricedUnit.LoadBalancerHour)] = Unverified(0.025m, "forwarding-rule-hour", "https://cloud.google.com/vpc/network-pricing");
        units[(Cloud.Gcp, "us-central1", PricedUnit.BlockStorageGbMonth)] = Unverified(0.10m, "GB-month (pd-balanced)", "https://cloud.google.com/compute/disks-image-pricing");
        units[(Cloud.Gcp, "asia-northeast3", PricedUnit.LoadBalancerHour)] = Unverified(0.0336m, "forwarding-rule-hour", "https://cloud.google.com/vpc/network-pricing");
        units[(Cloud.Gcp, "asia-northeast3", PricedUnit.BlockStorageGbMonth)] = Unverified(0.13m, "GB-month (pd-balanced)", "https://cloud.google.com/compute/disks-image-pricing");
        return units;
    }
}
