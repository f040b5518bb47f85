using System.Text.RegularExpressions;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Clouds;

/// <summary>What the catalogue knows about a machine type on a cloud.</summary>
public enum MachineTypeVerdict
{
    /// <summary>In the catalogue of the stack's cloud.</summary>
    Known,

    /// <summary>Written the way the stack's cloud names types, but not in the catalogue (newer, or a typo): a warning.</summary>
    Plausible,

    /// <summary>A type of the other cloud (<c>e2-standard-4</c> on AWS, <c>m6i.xlarge</c> on GCP): an error.</summary>
    OtherCloud,

    /// <summary>Not the shape of any machine type: an error.</summary>
    Malformed,
}

/// <summary>
/// The machine types node pools commonly use on each cloud, so that a type of the wrong cloud is an error and an
/// unknown one a warning. Checked on <see cref="RegionCatalogue.AsOf"/> (stored copies, read 2026-11-27):
/// AWS: every type below is in the <c>InstanceType</c> enum of the EC2 API model, botocore/data/ec2/2016-11-15/service-2.json
/// (github.com/boto/botocore, snapshot of 2026-08-07), and each listed family's sizes are all there; see also "Amazon EC2
/// instance types", https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html. The check removed
/// m5a.metal and r5a.metal, which do not exist (m5a and r5a stop at 24xlarge).
/// GCP: "Machine families resource and comparison guide", https://cloud.google.com/compute/docs/machine-resource, and
/// the series named in the zone table of https://cloud.google.com/compute/docs/regions-zones (E2, N1, N2, N2D, N4, C3,
/// C3D, C4, T2D, T2A all current); the sizes were cross-checked against a public list generated from GCP's machine
/// type data (every type below is in it) but the per-series pages were not read in full, so the GCP sizes are
/// corroborated rather than verified. The check added c4 24, 144 and 288 vCPU types.
/// Not every type is offered in every region or zone; that is checked by the cloud at creation.
/// </summary>
public static partial class MachineTypeCatalogue
{
    private static readonly IReadOnlySet<string> Gcp = BuildGcp();

    private static readonly IReadOnlySet<string> Aws = BuildAws();

    /// <summary>Every catalogued type of <paramref name="cloud"/>.</summary>
    public static IReadOnlySet<string> Types(Cloud cloud) => cloud == Cloud.Aws ? Aws : Gcp;

    /// <summary>Judges <paramref name="machineType"/> for a node pool on <paramref name="cloud"/>.</summary>
    public static MachineTypeVerdict Judge(Cloud cloud, string machineType)
    {
        if (Types(cloud).Contains(machineType))
        {
            return MachineTypeVerdict.Known;
        }

        var (own, other) = cloud == Cloud.Aws ? (AwsShape(), GcpShape()) : (GcpShape(), AwsShape());
        return own.IsMatch(machineType) ? MachineTypeVerdict.Plausible
            : other.IsMatch(machineType) ? MachineTypeVerdict.OtherCloud
            : MachineTypeVerdict.Malformed;
    }

    /// <summary>
    /// True for an arm64 type: AWS Graviton families carry the processor letter <c>g</c> after the generation
    /// (<c>m7g</c>, <c>c6gn</c>, <c>t4g</c>; "Amazon EC2 instance type naming conventions",
    /// https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html); GCP's Arm series are T2A and
    /// C4A (machine families guide). EKS needs an arm64 AMI type for them; GKE picks the node image itself.
    /// </summary>
    public static bool IsArm(Cloud cloud, string machineType)
    {
        ArgumentNullException.ThrowIfNull(machineType);
        return cloud == Cloud.Aws
            ? AwsArmFamily().IsMatch(machineType.Split('.')[0])
            : machineType.StartsWith("t2a-", StringComparison.Ordinal) || machineType.StartsWith("c4a-", StringComparison.Ordinal);
    }

    /// <summary>An example type of <paramref name="cloud"/> for messages.</summary>
    public static string Example(Cloud cloud) => StackDefaults.MachineType(cloud);

    private static HashSet<string> BuildGcp()
    {
        HashSet<string> types = new(StringComparer.Ordinal) { "e2-micro", "e2-small", "e2-medium" };
        void Add(string series, string kind, params int[] vcpus)
        {
            foreach (var n in vcpus)
            {
                types.Add($"{series}-{kind}-{n}");
            }
        }

        int[] e2 = [2, 4, 8, 16, 32];
        Add("e2", "standard", e2);
        Add("e2", "highmem", [2, 4, 8, 16]);
        Add("e2", "highcpu", e2);
        Add("n1", "standard", [1, 2, 4, 8, 16, 32, 64, 96]);
        Add("n1", "highmem", [2, 4, 8, 16, 32, 64, 96]);
        Add("n1", "highcpu", [2, 4, 8, 16, 32, 64, 96]);
        Add("n2", "standard", [2, 4, 8, 16, 32, 48, 64, 80, 96, 128]);
        Add("n2", "highmem", [2, 4, 8, 16, 32, 48, 64, 80, 96, 128]);
        Add("n2", "highcpu", [2, 4, 8, 16, 32, 48, 64, 80, 96]);
        Add("n2d", "standard", [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224]);
        Add("n2d", "highmem", [2, 4, 8, 16, 32, 48, 64, 80, 96]);
        Add("n2d", "highcpu", [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224]);
        foreach (var kind in new[] { "standard", "highmem", "highcpu" })
        {
            Add("n4", kind, [2, 4, 8, 16, 32, 48, 64, 80]);
            Add("c3", kind, [4, 8, 22, 44, 88, 176]);
            Add("c3d", kind, [4, 8, 16, 30, 60, 90, 180, 360]);
            Add("c4", kind, [2, 4, 8, 16, 24, 32, 48, 96, 144, 192, 288]);
        }

        Add("t2d", "standard", [1, 2, 4, 8, 16, 32, 48, 60]);
        Add("t2a", "standard", [1, 2, 4, 8, 16, 32, 48]);
        return types;
    }

    private static HashSet<string> BuildAws()
    {
        HashSet<string> types = new(StringComparer.Ordinal);
        void Add(string[] families, params string[] sizes)
        {
            foreach (var family in families)
            {
                foreach (var size in sizes)
                {
                    types.Add($"{family}.{size}");
                }
            }
        }

        string[] upTo24 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];
        string[] graviton = ["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "metal"];
        Add(["m5", "r5"], [.. upTo24, "metal"]);
        Add(["m5a", "r5a"], upTo24);
        Add(["c5"], "large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge", "metal");
        Add(["c5a"], "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge");
        Add(["m6i", "c6i", "r6i"], [.. upTo24, "32xlarge", "metal"]);
        Add(["m6a", "c6a", "r6a"], [.. upTo24, "32xlarge", "48xlarge", "metal"]);
        Add(["m7i", "c7i", "r7i"], [.. upTo24, "48xlarge", "metal-24xl", "metal-48xl"]);
        Add(["m7a", "c7a", "r7a"], ["medium", .. upTo24, "32xlarge", "48xlarge", "metal-48xl"]);
        Add(["m6g", "c6g", "r6g", "m7g", "c7g", "r7g"], graviton);
        Add(["m8g", "c8g", "r8g"], ["medium", .. upTo24, "48xlarge", "metal-24xl", "metal-48xl"]);
        Add(["t3", "t3a", "t4g"], "nano", "micro", "small", "medium", "large", "xlarge", "2xlarge");
        return types;
    }

    /// <summary>GCP: <c>series-kind-vcpus</c>, <c>e2-medium</c>, or a custom type <c>n2-custom-4-16384</c>.</summary>
    [GeneratedRegex("^[a-z][a-z0-9]*-(standard|highmem|highcpu|megamem|ultramem|hypermem|highgpu|megagpu|ultragpu|custom|micro|small|medium)(-[0-9]+)*(-lssd|-metal)?$")]
    private static partial Regex GcpShape();

    /// <summary>An AWS Graviton family: letters, the generation, then <c>g</c> and any further attributes (<c>m7g</c>, <c>m6gd</c>, <c>x2gd</c>).</summary>
    [GeneratedRegex("^[a-z]+[0-9]+g[a-z]*$")]
    private static partial Regex AwsArmFamily();

    /// <summary>AWS: <c>family.size</c>, e.g. <c>m6i.xlarge</c>, <c>c7i.metal-24xl</c>.</summary>
    [GeneratedRegex("^[a-z][a-z0-9-]*\\.([0-9]*(nano|micro|small|medium|large|xlarge)|metal(-[0-9]+xl)?)$")]
    private static partial Regex AwsShape();
}
