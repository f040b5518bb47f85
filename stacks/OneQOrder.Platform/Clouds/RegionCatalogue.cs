using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Clouds;

/// <summary>One region and the zones a stack may use in it.</summary>
/// <param name="Cloud">The cloud the region belongs to.</param>
/// <param name="Name">The region name, e.g. <c>europe-west1</c> or <c>us-east-1</c>.</param>
/// <param name="Zones">Every zone name of the region, in order (GCP <c>europe-west1-b</c>, AWS <c>us-east-1a</c>).</param>
/// <param name="Usable">
/// How many of <paramref name="Zones"/> one account can use. Equal to their count except where AWS gives each account
/// a subset under its own letters (us-west-1: two of a, b, c; ap-northeast-1: three of a, b, c, d).
/// </param>
public sealed record RegionFacts(Cloud Cloud, string Name, IReadOnlyList<string> Zones, int Usable)
{
    /// <summary>True when the zone names a stack gets depend on the account, so the stack must name them (<c>network.zoneNames</c>).</summary>
    public bool ZoneNamesVaryByAccount => Usable < Zones.Count;
}

/// <summary>
/// The regions of each cloud and their zones, so that validation refuses a region or zone the cloud would refuse
/// instead of inventing <c>&lt;region&gt;-a, -b, -c</c>. Checked entry by entry against the sources below on
/// <see cref="AsOf"/>; a region opened later is refused until it is added here (one line).
/// How each list was checked (stored copies of the public pages and data, read 2026-11-27):
/// GCP regions and zones: "Regions and zones", https://cloud.google.com/compute/docs/regions-zones (table "Available
/// regions and zones", as served from docs.cloud.google.com): every region and zone letter below matches it; AI zones
/// (<c>us-west4-ai2b</c>) are left out on purpose.
/// AWS regions: botocore/data/partitions.json, partition "aws" (github.com/boto/botocore, snapshot of 2026-08-07), and
/// "Document history", https://docs.aws.amazon.com/global-infrastructure/latest/regions/doc-history.html. Other
/// partitions (aws-cn, aws-us-gov, aws-eusc, ISO) are not catalogued.
/// AWS zones: the AZ ID tables of "AWS Availability Zones",
/// https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html (how many zones),
/// and "AZ IDs", https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html; the letters are those an
/// account's <c>aws ec2 describe-availability-zones</c> shows (a public Terraform dump of one account's zones,
/// github.com/networknext/next terraform/amazon.tfvars, agrees for every uniformly mapped region, incl. ca-central-1
/// a, b, d). See also the EC2 user guide,
/// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html.
/// AZ names are mapped to physical zones per account in the oldest regions (accounts created before November 2025);
/// us-west-1 and ap-northeast-1 also give an account only a subset (usw1-az1..az3: newer accounts get two;
/// apne1-az3 is constrained), under letters that differ between accounts, so stacks there must list
/// <c>network.zoneNames</c>.
/// Not verified: the letters of ap-east-2 (ape2-az1..az3, assumed a-c as in every uniformly mapped region with three
/// AZ IDs); which letters a given account sees in us-east-1, us-west-1 and ap-northeast-1; regions or zones opened
/// after the stored copies were taken (botocore 2026-08-07; the AWS AZ page lists a Maryland zone for us-east-1 as
/// "coming in 2026", not catalogued).
/// Changed at the 2026-11-27 check: added GCP asia-southeast3 (Bangkok; zones a-c in the GCP table), AWS ap-southeast-6
/// (New Zealand; launched 2025-09-02 per the document history, apse6-az1..az3) and eu-west-2d (euw2-az4, a fourth
/// London zone opened 2026-08-19). Every other entry matched the sources.
/// Opt-in AWS regions (af-south-1, ap-east-1, me-south-1, …) are listed: enabling them is an account setting.
/// </summary>
public static class RegionCatalogue
{
    /// <summary>When the lists below were checked against the sources cited above.</summary>
    public static readonly DateOnly AsOf = new(2026, 11, 27);

    private static readonly IReadOnlyDictionary<string, RegionFacts> Gcp = Build(Cloud.Gcp, '-',
    [
        ("africa-south1", "abc"), ("asia-east1", "abc"), ("asia-east2", "abc"), ("asia-northeast1", "abc"),
        ("asia-northeast2", "abc"), ("asia-northeast3", "abc"), ("asia-south1", "abc"), ("asia-south2", "abc"),
        ("asia-southeast1", "abc"), ("asia-southeast2", "abc"), ("asia-southeast3", "abc"),
        ("australia-southeast1", "abc"), ("australia-southeast2", "abc"), ("europe-central2", "abc"),
        ("europe-north1", "abc"), ("europe-north2", "abc"), ("europe-southwest1", "abc"), ("europe-west1", "bcd"),
        ("europe-west2", "abc"), ("europe-west3", "abc"), ("europe-west4", "abc"), ("europe-west6", "abc"),
        ("europe-west8", "abc"), ("europe-west9", "abc"), ("europe-west10", "abc"), ("europe-west12", "abc"),
        ("me-central1", "abc"), ("me-central2", "abc"), ("me-west1", "abc"), ("northamerica-northeast1", "abc"),
        ("northamerica-northeast2", "abc"), ("northamerica-south1", "abc"), ("southamerica-east1", "abc"),
        ("southamerica-west1", "abc"), ("us-central1", "abcf"), ("us-east1", "bcd"), ("us-east4", "abc"),
        ("us-east5", "abc"), ("us-south1", "abc"), ("us-west1", "abc"), ("us-west2", "abc"), ("us-west3", "abc"),
        ("us-west4", "abc"),
    ]);

    private static readonly IReadOnlyDictionary<string, RegionFacts> Aws = Build(Cloud.Aws, null,
    [
        ("af-south-1", "abc"), ("ap-east-1", "abc"), ("ap-east-2", "abc"), ("ap-northeast-1", "abcd:3"),
        ("ap-northeast-2", "abcd"), ("ap-northeast-3", "abc"), ("ap-south-1", "abc"), ("ap-south-2", "abc"),
        ("ap-southeast-1", "abc"), ("ap-southeast-2", "abc"), ("ap-southeast-3", "abc"), ("ap-southeast-4", "abc"),
        ("ap-southeast-5", "abc"), ("ap-southeast-6", "abc"), ("ap-southeast-7", "abc"), ("ca-central-1", "abd"),
        ("ca-west-1", "abc"), ("eu-central-1", "abc"), ("eu-central-2", "abc"), ("eu-north-1", "abc"),
        ("eu-south-1", "abc"), ("eu-south-2", "abc"), ("eu-west-1", "abc"), ("eu-west-2", "abcd"), ("eu-west-3", "abc"),
        ("il-central-1", "abc"), ("me-central-1", "abc"), ("me-south-1", "abc"), ("mx-central-1", "abc"),
        ("sa-east-1", "abc"), ("us-east-1", "abcdef"), ("us-east-2", "abc"), ("us-west-1", "abc:2"),
        ("us-west-2", "abcd"),
    ]);

    /// <summary>The catalogued regions of <paramref name="cloud"/>, by name.</summary>
    public static IReadOnlyDictionary<string, RegionFacts> Regions(Cloud cloud) => cloud == Cloud.Aws ? Aws : Gcp;

    /// <summary>The facts of one region, or null when it is not in the catalogue.</summary>
    public static RegionFacts? Find(Cloud cloud, string region) => Regions(cloud).GetValueOrDefault(region);

    /// <summary>
    /// Builds one cloud's table from <c>(region, zone letters[:usable])</c>. GCP zones are <c>&lt;region&gt;-&lt;letter&gt;</c>,
    /// AWS zones <c>&lt;region&gt;&lt;letter&gt;</c>.
    /// </summary>
    private static SortedDictionary<string, RegionFacts> Build(Cloud cloud, char? separator, (string Region, string Letters)[] rows)
    {
        SortedDictionary<string, RegionFacts> regions = new(StringComparer.Ordinal);
        foreach (var (region, spec) in rows)
        {
            var parts = spec.Split(':');
            var zones = parts[0].Select(letter => $"{region}{separator}{letter}").ToList();
            var usable = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : zones.Count;
            regions.Add(region, new RegionFacts(cloud, region, zones, usable));
        }

        return regions;
    }
}
