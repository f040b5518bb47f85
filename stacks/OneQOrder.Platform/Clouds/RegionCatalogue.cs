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
/// instead of inventing <c>&lt;region&gt;-a, -b, -c</c>. Compiled from the providers' region pages as of
/// <see cref="AsOf"/>; a region opened later is refused until it is added here (one line).
/// Sources:
/// GCP: "Regions and zones", https://cloud.google.com/compute/docs/regions-zones (table "Available regions and zones");
/// AWS: "Regions and Zones", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html
/// and "AZ IDs for your AWS resources", https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
/// (AZ names are mapped to physical zones per account; us-west-1 and ap-northeast-1 give an account a subset, under
/// letters that differ between accounts, so stacks there must list <c>network.zoneNames</c>).
/// Opt-in AWS regions (af-south-1, ap-east-1, me-south-1, …) are listed: enabling them is an account setting.
/// </summary>
public static class RegionCatalogue
{
    /// <summary>When the lists below were compiled from the pages cited above.</summary>
    public static readonly DateOnly AsOf = new(2025, 6, 1);

    private static readonly IReadOnlyDictionary<string, RegionFacts> Gcp = Build(Cloud.Gcp, '-',
    [
        ("africa-south1", "abc"), ("asia-east1", "abc"), ("asia-east2", "abc"), ("asia-northeast1", "abc"),
        ("asia-northeast2", "abc"), ("asia-northeast3", "abc"), ("asia-south1", "abc"), ("asia-south2", "abc"),
        ("asia-southeast1", "abc"), ("asia-southeast2", "abc"), ("australia-southeast1", "abc"),
        ("australia-southeast2", "abc"), ("europe-central2", "abc"), ("europe-north1", "abc"), ("europe-north2", "abc"),
        ("europe-southwest1", "abc"), ("europe-west1", "bcd"), ("europe-west2", "abc"), ("europe-west3", "abc"),
        ("europe-west4", "abc"), ("europe-west6", "abc"), ("europe-west8", "abc"), ("europe-west9", "abc"),
        ("europe-west10", "abc"), ("europe-west12", "abc"), ("me-central1", "abc"), ("me-central2", "abc"),
        ("me-west1", "abc"), ("northamerica-northeast1", "abc"), ("northamerica-northeast2", "abc"),
        ("northamerica-south1", "abc"), ("southamerica-east1", "abc"), ("southamerica-west1", "abc"),
        ("us-central1", "abcf"), ("us-east1", "bcd"), ("us-east4", "abc"), ("us-east5", "abc"), ("us-south1", "abc"),
        ("us-west1", "abc"), ("us-west2", "abc"), ("us-west3", "abc"), ("us-west4", "abc"),
    ]);

    private static readonly IReadOnlyDictionary<string, RegionFacts> Aws = Build(Cloud.Aws, null,
    [
        ("af-south-1", "abc"), ("ap-east-1", "abc"), ("ap-east-2", "abc"), ("ap-northeast-1", "abcd:3"),
        ("ap-northeast-2", "abcd"), ("ap-northeast-3", "abc"), ("ap-south-1", "abc"), ("ap-south-2", "abc"),
        ("ap-southeast-1", "abc"), ("ap-southeast-2", "abc"), ("ap-southeast-3", "abc"), ("ap-southeast-4", "abc"),
        ("ap-southeast-5", "abc"), ("ap-southeast-7", "abc"), ("ca-central-1", "abd"), ("ca-west-1", "abc"),
        ("eu-central-1", "abc"), ("eu-central-2", "abc"), ("eu-north-1", "abc"), ("eu-south-1", "abc"),
        ("eu-south-2", "abc"), ("eu-west-1", "abc"), ("eu-west-2", "abc"), ("eu-west-3", "abc"),
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
