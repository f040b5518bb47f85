using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// Regions, zones, machine types and project ids are judged against the catalogues of what each cloud has
/// (<see cref="RegionCatalogue"/>, <see cref="MachineTypeCatalogue"/>), not invented from the region name.
/// </summary>
public sealed class CloudFactsTests
{
    private const string P = "oneq-order-infra";

    private static SettingsResult Load(string yaml, string stack = "facts") => StackConfiguration.Load(Config.FromYaml(stack, yaml));

    private static string Gcp(string region, string extra = "") =>
        $"gcp:project: oneq-test\ngcp:region: {region}\n{P}:cloud: gcp\n{Config.GcpRbacGroup}\n{extra}";

    private static string Aws(string region, string extra = "") => $"aws:region: {region}\n{P}:cloud: aws\n{extra}";

    [Theory]
    [InlineData("europe-west1", 3, "europe-west1-b,europe-west1-c,europe-west1-d")]
    [InlineData("us-east1", 3, "us-east1-b,us-east1-c,us-east1-d")]
    [InlineData("us-central1", 4, "us-central1-a,us-central1-b,us-central1-c,us-central1-f")]
    [InlineData("asia-northeast3", 3, "asia-northeast3-a,asia-northeast3-b,asia-northeast3-c")]
    public void Gcp_zones_are_the_regions_real_zones_not_invented_letters(string region, int zones, string expected)
    {
        var result = Load(Gcp(region, $"{P}:network:\n  zones: {zones}"));

        Assert.Empty(result.Errors);
        Assert.Equal(expected.Split(','), result.Settings.Provider.ZoneNames);
    }

    [Theory]
    [InlineData("us-east-1", 6, "us-east-1a,us-east-1b,us-east-1c,us-east-1d,us-east-1e,us-east-1f")]
    [InlineData("ap-northeast-2", 4, "ap-northeast-2a,ap-northeast-2b,ap-northeast-2c,ap-northeast-2d")]
    [InlineData("ca-central-1", 3, "ca-central-1a,ca-central-1b,ca-central-1d")]
    public void Aws_zones_are_the_regions_real_availability_zones(string region, int zones, string expected)
    {
        var result = Load(Aws(region, $"{P}:network:\n  zones: {zones}"));

        Assert.Empty(result.Errors);
        Assert.Equal(expected.Split(','), result.Settings.Provider.ZoneNames);
    }

    [Theory]
    [InlineData("europe-west1", 4, "at most 3: europe-west1 has 3 zones (europe-west1-b, europe-west1-c, europe-west1-d)")]
    [InlineData("us-central1", 5, "at most 4: us-central1 has 4 zones (us-central1-a, us-central1-b, us-central1-c, us-central1-f)")]
    public void A_zone_count_the_gcp_region_lacks_is_refused(string region, int zones, string expected)
    {
        var errors = Load(Gcp(region, $"{P}:network:\n  zones: {zones}")).Errors;

        Assert.Equal([$"{P}:network.zones: got \"{zones}\"; expected {expected}"], errors.Select(e => e.Message));
    }

    [Fact]
    public void A_zone_count_the_aws_region_lacks_is_refused()
    {
        var errors = Load(Aws("eu-west-1", $"{P}:network:\n  zones: 4")).Errors;

        Assert.Equal(
            [$"{P}:network.zones: got \"4\"; expected at most 3: eu-west-1 has 3 availability zones (eu-west-1a, eu-west-1b, eu-west-1c)"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Us_west_1_needs_the_accounts_zone_names_because_the_letters_differ_between_accounts()
    {
        var errors = Load(Aws("us-west-1", $"{P}:network:\n  zones: 2")).Errors;

        var error = Assert.Single(errors);
        Assert.Equal($"{P}:network.zoneNames", error.Key);
        Assert.Null(error.Value);
        Assert.Contains("an account has 2 of us-west-1a, us-west-1b, us-west-1c", error.Expected, StringComparison.Ordinal);
        Assert.Contains("aws ec2 describe-availability-zones --region us-west-1", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_zones_are_used_as_given_and_set_the_zone_count()
    {
        var result = Load(Aws("us-west-1", $"{P}:network:\n  zoneNames: [us-west-1a, us-west-1c]"));

        Assert.Empty(result.Errors);
        Assert.Equal(["us-west-1a", "us-west-1c"], result.Settings.Provider.ZoneNames);
        Assert.Equal(2, result.Settings.Network.Zones);
    }

    [Fact]
    public void Named_zones_must_belong_to_the_region_fit_it_and_agree_with_zones()
    {
        var wrong = Load(Gcp("europe-west1", $"{P}:network:\n  zoneNames: [europe-west1-a, europe-west1-b]")).Errors;
        var tooMany = Load(Aws("us-west-1", $"{P}:network:\n  zoneNames: [us-west-1a, us-west-1b, us-west-1c]")).Errors;
        var disagree = Load(Gcp("europe-west1", $"{P}:network:\n  zones: 3\n  zoneNames: [europe-west1-b, europe-west1-c]")).Errors;
        var twice = Load(Gcp("europe-west1", $"{P}:network:\n  zoneNames: [europe-west1-b, europe-west1-b]")).Errors;

        Assert.Equal([$"{P}:network.zoneNames[0]: got \"europe-west1-a\"; expected one of the zones of europe-west1: europe-west1-b, europe-west1-c, europe-west1-d"], wrong.Select(e => e.Message));
        Assert.Equal([$"{P}:network.zoneNames: got \"3 zones\"; expected from 1 to 2 of the availability zones of us-west-1 (us-west-1a, us-west-1b, us-west-1c; an account has 2 of them)"], tooMany.Select(e => e.Message));
        Assert.Equal([$"{P}:network.zones: got \"3\"; expected 2, the number of network.zoneNames (or leave network.zones out)"], disagree.Select(e => e.Message));
        Assert.Equal([$"{P}:network.zoneNames[1]: got \"europe-west1-b\"; expected each zone named once"], twice.Select(e => e.Message));
    }

    [Theory]
    [InlineData("gcp", "europe-west7", "gcp:region: got \"europe-west7\"; expected a GCP region in the catalogue of 2026-11-27 (stacks/OneQOrder.Platform/Clouds/RegionCatalogue.cs): europe-central2, europe-north1, europe-north2, europe-southwest1, europe-west1, europe-west10, europe-west12, europe-west2, europe-west3, europe-west4, europe-west6, europe-west8, europe-west9")]
    [InlineData("gcp", "asia-northeast-3", "gcp:region: got \"asia-northeast-3\"; expected a GCP region name such as asia-northeast3")]
    [InlineData("gcp", "ap-northeast-2", "gcp:region: got \"ap-northeast-2\"; expected a GCP region name such as asia-northeast3; ap-northeast-2 is an AWS region")]
    [InlineData("aws", "asia-northeast3", "aws:region: got \"asia-northeast3\"; expected an AWS region name such as ap-northeast-2; asia-northeast3 is a GCP region")]
    [InlineData("aws", "ap-northeast-9", "aws:region: got \"ap-northeast-9\"; expected an AWS region in the catalogue of 2026-11-27 (stacks/OneQOrder.Platform/Clouds/RegionCatalogue.cs): ap-east-1, ap-east-2, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-6, ap-southeast-7")]
    public void Regions_are_checked_for_form_and_against_the_catalogue(string cloud, string region, string message)
    {
        var errors = Load(cloud == "gcp" ? Gcp(region) : Aws(region)).Errors;

        Assert.Equal([message], errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("My_Project")]
    [InlineData("short")]
    [InlineData("ends-with-")]
    [InlineData("9starts-with-a-digit")]
    public void Gcp_project_ids_are_checked_for_form(string project)
    {
        var errors = Load(Gcp("asia-northeast3").Replace("oneq-test", project, StringComparison.Ordinal)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("gcp:project", error.Key);
        Assert.StartsWith("a GCP project id: 6 to 30 lowercase letters", error.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws", "e2-standard-4", "an EC2 instance type such as m6i.xlarge: e2-standard-4 is a GCE machine type")]
    [InlineData("gcp", "m6i.xlarge", "a GCE machine type such as e2-standard-4: m6i.xlarge is an EC2 instance type")]
    [InlineData("gcp", "big", "a GCE machine type such as e2-standard-4")]
    public void A_machine_type_of_the_other_cloud_or_no_cloud_is_an_error(string cloud, string type, string expected)
    {
        var pools = $"{P}:cluster:\n  nodePools:\n    - {{ name: general, machineType: {type} }}";

        var result = Load(cloud == "gcp" ? Gcp("asia-northeast3", pools) : Aws("ap-northeast-2", pools));

        Assert.Equal([$"{P}:cluster.nodePools[0].machineType: got \"{type}\"; expected {expected}"], result.Errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("aws", "m9z.xlarge")]
    [InlineData("gcp", "z9-standard-8")]
    public void A_plausible_machine_type_missing_from_the_catalogue_is_a_warning_not_an_error(string cloud, string type)
    {
        var pools = $"{P}:cluster:\n  nodePools:\n    - {{ name: general, machineType: {type} }}";

        var result = Load(cloud == "gcp" ? Gcp("asia-northeast3", pools) : Aws("ap-northeast-2", pools));

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"{P}:cluster.nodePools[0].machineType", warning.Key);
        Assert.Contains("in the catalogue of 2026-11-27", warning.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_stacks_use_catalogued_regions_zones_and_machine_types_without_warnings()
    {
        foreach (var stack in new[] { "dev", "prod" })
        {
            var file = StackFile.Load(Repository.Root, stack);
            var result = StackConfiguration.Load(file.Source!);

            Assert.Empty(result.Errors);
            Assert.Empty(result.Warnings);
            var region = RegionCatalogue.Find(result.Settings.Cloud, result.Settings.Provider.Region);
            Assert.NotNull(region);
            Assert.All(result.Settings.Provider.ZoneNames, z => Assert.Contains(z, region.Zones));
        }
    }

    [Fact]
    public void Gke_only_keys_on_aws_and_aws_only_keys_on_gcp_are_errors_that_say_how_to_remove_them()
    {
        var aws = Load(Aws("ap-northeast-2", $"{P}:network:\n  controlPlaneCidr: 172.16.0.0/28\n{P}:cluster:\n  releaseChannel: STABLE")).Errors;
        var gcp = Load(Gcp("asia-northeast3", $"{P}:network:\n  publicSubnetPrefixLength: 24")).Errors;

        Assert.Equal(
            [
                $"{P}:network.controlPlaneCidr: got \"172.16.0.0/28\"; expected no value when cloud is aws: it is gcp-only (the GKE private control plane range); remove it (pulumi config rm --path {P}:network.controlPlaneCidr)",
                $"{P}:cluster.releaseChannel: got \"STABLE\"; expected no value when cloud is aws: it is gcp-only (GKE release channels); remove it (pulumi config rm --path {P}:cluster.releaseChannel)",
            ],
            aws.Select(e => e.Message));
        Assert.Equal([$"{P}:network.publicSubnetPrefixLength"], gcp.Select(e => e.Key));
    }

    [Fact]
    public void Every_catalogued_region_has_well_formed_zones_and_enough_for_a_stack()
    {
        foreach (var cloud in Enum.GetValues<Cloud>())
        {
            Assert.NotEmpty(RegionCatalogue.Regions(cloud));
            Assert.All(RegionCatalogue.Regions(cloud).Values, r =>
            {
                Assert.All(r.Zones, z => Assert.StartsWith(r.Name, z, StringComparison.Ordinal));
                Assert.Equal(r.Zones.Count, r.Zones.Distinct().Count());
                Assert.InRange(r.Usable, cloud == Cloud.Aws ? 2 : 3, r.Zones.Count);
            });
        }
    }
}
