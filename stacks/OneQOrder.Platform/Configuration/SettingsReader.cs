using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Configuration;

/// <summary>
/// The one mapping from config keys to <see cref="StackSettings"/>, used by the <c>plan</c> command (over the stack
/// file) and by the Pulumi program (over <c>Pulumi.Config</c>). It checks types and simple ranges; cross-key rules
/// live in <see cref="Validation.SettingsValidator"/>. Every problem is collected; none stops the reading.
/// </summary>
public static partial class SettingsReader
{
    /// <summary>Provider keys read for the chosen cloud.</summary>
    public const string GcpProjectKey = "gcp:project";
    public const string GcpRegionKey = "gcp:region";
    public const string AwsRegionKey = "aws:region";

    /// <summary>The secret config key (under the project) holding each alert receiver's secret part, by receiver name.</summary>
    public const string MonitoringSecretsKey = "monitoringSecrets";

    /// <summary>Reads the settings. On any error the result carries the errors and settings built from defaults where values were bad.</summary>
    public static SettingsResult Read(IConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        List<ConfigError> errors = [];
        var root = ConfigObject.Root(source, StackDefaults.Project, errors);

        var cloudText = root.RequiredString("cloud", "gcp or aws");
        var cloudKnown = CloudNames.TryParse(cloudText, out var cloud);
        if (!cloudKnown)
        {
            // Keep reading as GCP so every other key is still checked; cloud-specific rules are skipped (CloudKnown).
            cloud = Cloud.Gcp;
            if (cloudText is not null)
            {
                errors.Add(new ConfigError(root.Key("cloud"), cloudText, "gcp or aws"));
            }
        }

        var environmentSet = root.Raw("environment") is not null;
        var environmentText = root.String("environment", "production", "test or production");
        var environmentKnown = environmentText is "test" or "production";
        var environment = environmentText switch
        {
            "test" => StackEnvironment.Test,
            "production" => StackEnvironment.Production,
            _ => Invalid(errors, root.Key("environment"), environmentText, "test or production", StackDefaults.Environment),
        };

        var network = ReadNetwork(root.Object("network"), out var zonesSet);
        var provider = ReadProvider(source, cloud, cloudKnown, network, zonesSet, errors);
        if (cloudKnown)
        {
            RejectOtherCloudKeys(source, cloud, errors);
        }

        var cluster = ReadCluster(root.Object("cluster"), cloud);
        var mesh = ReadMesh(root.Object("mesh"));
        var monitoring = ReadMonitoring(root.Object("monitoring")) with { SecretsSet = ReadSecretNames(root, source, errors) };
        var namespaces = ReadNamespaces(root.Object("namespaces"));
        var services = ReadServices(root);
        var calls = ReadCalls(root);
        var ingress = ReadIngress(root, environment);
        root.RejectUnknown();

        var settings = new StackSettings
        {
            Stack = source.Stack,
            Cloud = cloud,
            Environment = environment,
            EnvironmentIsDefault = !environmentSet,
            Provider = provider,
            Network = network,
            Cluster = cluster,
            Mesh = mesh,
            Monitoring = monitoring,
            Namespaces = namespaces,
            Services = services,
            Calls = calls,
            Ingress = ingress,
        };
        return new SettingsResult(settings, errors) { CloudKnown = cloudKnown, EnvironmentKnown = environmentKnown };
    }

    private static ProviderSettings ReadProvider(IConfigSource source, Cloud cloud, bool cloudKnown, NetworkSettings network, bool zonesSet, List<ConfigError> errors)
    {
        string? Required(string key, string expected)
        {
            var node = source.Get(key);
            var text = node is null ? null : ConfigObject.AsScalar(node);
            if (cloudKnown && string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new ConfigError(key, node is null ? null : ConfigObject.Describe(node), ConfigObject.Expect(node, expected)));
                return null;
            }

            return text;
        }

        var regionKey = cloud == Cloud.Gcp ? GcpRegionKey : AwsRegionKey;
        var region = cloud == Cloud.Gcp
            ? Required(GcpRegionKey, "the GCP region the stack lives in, e.g. asia-northeast3 (required when cloud is gcp)")
            : Required(AwsRegionKey, "the AWS region the stack lives in, e.g. ap-northeast-2 (required when cloud is aws)");
        var project = cloud == Cloud.Gcp
            ? Required(GcpProjectKey, "the GCP project id (required when cloud is gcp)")
            : null;

        // Project ids: 6 to 30 lowercase letters, digits and hyphens, starting with a letter and not ending with a
        // hyphen (Resource Manager docs, "Creating and managing projects"); legacy ids carry a domain prefix.
        if (cloudKnown && project is not null && !GcpProjectId().IsMatch(project))
        {
            errors.Add(new ConfigError(GcpProjectKey, project, "a GCP project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen"));
        }

        RegionFacts? facts = null;
        if (cloudKnown && region is not null)
        {
            facts = RegionCatalogue.Find(cloud, region);
            if (facts is null)
            {
                errors.Add(new ConfigError(regionKey, region, UnknownRegion(cloud, region)));
            }
        }

        var zoneNames = cloudKnown ? ZoneNames(cloud, facts, network, zonesSet, errors) : null;

        // Without a known region (already reported) the lettered names only keep planning code total; nothing is planned.
        zoneNames ??= network.ZoneNames ?? Enumerable.Range(0, Math.Clamp(network.Zones, 0, 26))
            .Select(i => $"{region}{(cloud == Cloud.Gcp ? "-" : string.Empty)}{(char)('a' + i)}")
            .ToList();
        return cloud == Cloud.Gcp
            ? new GcpProviderSettings { Region = region ?? string.Empty, Project = project ?? string.Empty, ZoneNames = zoneNames }
            : new AwsProviderSettings { Region = region ?? string.Empty, ZoneNames = zoneNames };
    }

    /// <summary>The zones of a catalogued region the stack asks for, or null (with the error recorded) when the region cannot give them.</summary>
    private static IReadOnlyList<string>? ZoneNames(Cloud cloud, RegionFacts? facts, NetworkSettings network, bool zonesSet, List<ConfigError> errors)
    {
        const string zonesKey = StackDefaults.Project + ":network.zones";
        const string namesKey = StackDefaults.Project + ":network.zoneNames";
        if (facts is null)
        {
            return null;
        }

        var kind = cloud == Cloud.Aws ? "availability zones" : "zones";
        var all = string.Join(", ", facts.Zones);
        if (network.ZoneNames is { } names)
        {
            var valid = true;
            HashSet<string> seen = new(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                if (!facts.Zones.Contains(names[i]))
                {
                    errors.Add(new ConfigError($"{namesKey}[{i}]", names[i], $"one of the {kind} of {facts.Name}: {all}"));
                    valid = false;
                }
                else if (!seen.Add(names[i]))
                {
                    errors.Add(new ConfigError($"{namesKey}[{i}]", names[i], "each zone named once"));
                    valid = false;
                }
            }

            if (names.Count == 0 || names.Count > facts.Usable)
            {
                errors.Add(new ConfigError(namesKey, $"{names.Count} zones", $"from 1 to {facts.Usable} of the {kind} of {facts.Name} ({all}{(facts.ZoneNamesVaryByAccount ? $"; an account has {facts.Usable} of them" : string.Empty)})"));
                valid = false;
            }
            else if (zonesSet && network.Zones != names.Count)
            {
                errors.Add(new ConfigError(zonesKey, network.Zones.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{names.Count}, the number of network.zoneNames (or leave network.zones out)"));
                valid = false;
            }

            return valid ? names : null;
        }

        if (facts.ZoneNamesVaryByAccount)
        {
            // AWS maps zone letters to physical zones per account and gives each account a subset here, so a guessed
            // name may not exist in the deploying account (docs cited in RegionCatalogue).
            errors.Add(new ConfigError(namesKey, null,
                $"the {Math.Min(network.Zones, facts.Usable)} {kind} of {facts.Name} to use, e.g. [{string.Join(", ", facts.Zones.Skip(1).Take(Math.Min(network.Zones, facts.Usable)))}]: an account has {facts.Usable} of {all}, under letters of its own (aws ec2 describe-availability-zones --region {facts.Name})"));
            return null;
        }

        if (network.Zones > facts.Usable)
        {
            errors.Add(new ConfigError(zonesKey, network.Zones.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"at most {facts.Usable}: {facts.Name} has {facts.Usable} {kind} ({all})"));
            return null;
        }

        return [.. facts.Zones.Take(network.Zones)];
    }

    private static string UnknownRegion(Cloud cloud, string region)
    {
        var (name, example, shape) = cloud == Cloud.Aws
            ? ("an AWS region", "ap-northeast-2", AwsRegion())
            : ("a GCP region", "asia-northeast3", GcpRegion());
        if (!shape.IsMatch(region))
        {
            var other = cloud == Cloud.Aws ? Cloud.Gcp : Cloud.Aws;
            var hint = RegionCatalogue.Find(other, region) is null ? string.Empty : $"; {region} is {(other == Cloud.Aws ? "an AWS" : "a GCP")} region";
            return $"{name} name such as {example}{hint}";
        }

        var prefix = region.Split('-')[0] + "-";
        var near = RegionCatalogue.Regions(cloud).Keys.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return $"{name} in the catalogue of {RegionCatalogue.AsOf:yyyy-MM-dd} (stacks/OneQOrder.Platform/Clouds/RegionCatalogue.cs)"
            + (near.Count > 0 ? $": {string.Join(", ", near)}" : string.Empty);
    }

    /// <summary>
    /// Keys that only one cloud uses. Set on the other cloud they would be ignored silently, which hides a migration
    /// step; they are errors that say how to remove them. <c>cluster.rbacGroup</c> is the exception: it is checked on
    /// both clouds and unused on AWS, so the organisation's group survives a move between them (guardrail CP-07).
    /// </summary>
    private static void RejectOtherCloudKeys(IConfigSource source, Cloud cloud, List<ConfigError> errors)
    {
        (string Section, string Member, Cloud Only, string What)[] keys =
        [
            ("network", "podPrefixLength", Cloud.Gcp, "the GKE pod range; EKS pods take VPC addresses"),
            ("network", "servicePrefixLength", Cloud.Gcp, "the GKE service range; EKS picks its own"),
            ("network", "controlPlaneCidr", Cloud.Gcp, "the GKE private control plane range"),
            ("cluster", "releaseChannel", Cloud.Gcp, "GKE release channels"),
            ("network", "publicSubnetPrefixLength", Cloud.Aws, "AWS public subnets; GKE needs none"),
            ("cluster", "ciRunner", Cloud.Aws, "the CodeBuild runner inside the VPC; CI reaches GKE through its IAM-authorized DNS endpoint"),
        ];
        foreach (var (section, member, only, what) in keys)
        {
            if (only != cloud && source.Get($"{StackDefaults.Project}:{section}") is JsonObject obj && obj[member] is { } node)
            {
                var key = $"{StackDefaults.Project}:{section}.{member}";
                errors.Add(new ConfigError(key, ConfigObject.Describe(node),
                    $"no value when cloud is {CloudNames.Of(cloud)}: it is {CloudNames.Of(only)}-only ({what}); remove it (pulumi config rm --path {key})"));
            }
        }
    }

    private static NetworkSettings ReadNetwork(ConfigObject o, out bool zonesSet)
    {
        zonesSet = o.Raw("zones") is not null;
        var list = o.List("zoneNames", "a list of zone names such as [us-east-1a, us-east-1b]");
        List<string>? zoneNames = null;
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            zoneNames ??= [];
            if (o.ElementString("zoneNames", i, list![i], "a zone name such as us-east-1a or europe-west1-b") is { } zone)
            {
                zoneNames.Add(zone);
            }
        }

        if (list is { Count: 0 })
        {
            zoneNames = [];
        }

        var network = new NetworkSettings
        {
            Cidr = o.String("cidr", StackDefaults.NetworkCidr, "an IPv4 CIDR such as 10.0.0.0/16"),
            Zones = o.Int("zones", zoneNames is { Count: > 0 } ? zoneNames.Count : StackDefaults.Zones, 1, 6),
            ZoneNames = zoneNames,
            PrivateSubnetPrefixLength = o.Int("privateSubnetPrefixLength", StackDefaults.PrivateSubnetPrefixLength, 16, 28),
            PublicSubnetPrefixLength = o.Int("publicSubnetPrefixLength", StackDefaults.PublicSubnetPrefixLength, 16, 28),
            PodPrefixLength = o.Int("podPrefixLength", StackDefaults.PodPrefixLength, 8, 24),
            ServicePrefixLength = o.Int("servicePrefixLength", StackDefaults.ServicePrefixLength, 16, 27),
            ControlPlaneCidr = o.String("controlPlaneCidr", StackDefaults.ControlPlaneCidr, "an IPv4 /28 CIDR such as 172.16.0.0/28"),
            FlowLogs = o.Bool("flowLogs", StackDefaults.FlowLogs),
        };
        o.RejectUnknown();
        return network;
    }

    private static ClusterSettings ReadCluster(ConfigObject o, Cloud cloud)
    {
        var publicAccess = o.List("publicAccessCidrs", "a list of IPv4 CIDRs (empty: private endpoint only)");
        List<string> cidrs = [];
        for (var i = 0; i < (publicAccess?.Count ?? 0); i++)
        {
            if (o.ElementString("publicAccessCidrs", i, publicAccess![i], "an IPv4 CIDR such as 203.0.113.0/24") is { } cidr)
            {
                cidrs.Add(cidr);
            }
        }

        var cluster = new ClusterSettings
        {
            KubernetesVersion = o.String("kubernetesVersion", StackDefaults.KubernetesVersion, "a Kubernetes minor version such as 1.33"),
            ReleaseChannel = o.String("releaseChannel", StackDefaults.ReleaseChannel, "RAPID, REGULAR or STABLE"),
            PublicAccessCidrs = cidrs,
            PublicNodeIps = o.Bool("publicNodeIps", StackDefaults.PublicNodeIps),
            SecretsEncryption = o.Bool("secretsEncryption", StackDefaults.SecretsEncryption),
            AuditLogs = o.Bool("auditLogs", StackDefaults.AuditLogs),
            AuditLogRetentionDays = o.Int("auditLogRetentionDays", StackDefaults.AuditLogRetentionDays, 1, 3653),
            DeletionProtection = o.Bool("deletionProtection", StackDefaults.DeletionProtection),
            NodePools = ReadNodePools(o, cloud),
            RbacGroup = o.OptionalString("rbacGroup", "a Google Group address such as gke-security-groups@example.com"),
            Admins = StringList(o, "admins", "a list of principals (AWS: IAM role ARNs; GCP: IAM members such as serviceAccount:deploy@p.iam.gserviceaccount.com)"),
            Previewers = StringList(o, "previewers", "a list of principals (AWS: IAM role ARNs; GCP: IAM members such as serviceAccount:preview@p.iam.gserviceaccount.com)"),
            CiRunner = ReadCiRunner(o),
        };
        o.RejectUnknown();
        return cluster;
    }

    /// <summary><c>cluster.ciRunner</c>: absent is no runner; present, both members are required.</summary>
    private static CiRunnerSettings? ReadCiRunner(ConfigObject cluster)
    {
        if (cluster.Raw("ciRunner") is null)
        {
            return null;
        }

        var o = cluster.Object("ciRunner");
        var runner = new CiRunnerSettings
        {
            Repository = o.RequiredString("repository", "the GitHub repository URL, e.g. https://github.com/oneq/oneq-order-infra") ?? string.Empty,
            ConnectionArn = o.RequiredString("connectionArn", "the ARN of an AWS CodeConnections connection to GitHub, e.g. arn:aws:codeconnections:ap-northeast-2:123456789012:connection/<uuid>") ?? string.Empty,
        };
        o.RejectUnknown();
        return runner;
    }

    /// <summary>A list of strings; absent is empty. Element errors are recorded and the element left out.</summary>
    private static List<string> StringList(ConfigObject o, string name, string expected)
    {
        var list = o.List(name, expected);
        List<string> values = [];
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (o.ElementString(name, i, list![i], "a principal, as a string") is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private static List<NodePoolSettings> ReadNodePools(ConfigObject cluster, Cloud cloud)
    {
        var list = cluster.List("nodePools", "a list of node pools ({ name, machineType, minNodes, maxNodes, diskSizeGb })");
        if (list is null)
        {
            return [DefaultPool(cloud)];
        }

        List<NodePoolSettings> pools = [];
        for (var i = 0; i < list.Count; i++)
        {
            var p = cluster.Element("nodePools", i, list[i], "a node pool ({ name, machineType, minNodes, maxNodes, diskSizeGb })");
            if (p is null)
            {
                pools.Add(DefaultPool(cloud)); // a placeholder: the error is recorded, and the list is not "empty"
                continue;
            }

            pools.Add(new NodePoolSettings
            {
                Name = p.String("name", StackDefaults.NodePoolName, "a DNS-1123 label such as general"),
                MachineType = p.String("machineType", StackDefaults.MachineType(cloud), "a machine or instance type"),
                MinNodes = p.Int("minNodes", StackDefaults.NodePoolMinNodes, 0, 1000),
                MaxNodes = p.Int("maxNodes", StackDefaults.NodePoolMaxNodes, 1, 1000),
                DiskSizeGb = p.Int("diskSizeGb", StackDefaults.NodePoolDiskSizeGb, 20, 16384),
            });
            p.RejectUnknown();
        }

        return pools;
    }

    private static NodePoolSettings DefaultPool(Cloud cloud) => new()
    {
        Name = StackDefaults.NodePoolName,
        MachineType = StackDefaults.MachineType(cloud),
        MinNodes = StackDefaults.NodePoolMinNodes,
        MaxNodes = StackDefaults.NodePoolMaxNodes,
        DiskSizeGb = StackDefaults.NodePoolDiskSizeGb,
    };

    private static MeshSettings ReadMesh(ConfigObject o)
    {
        var mesh = new MeshSettings
        {
            HighAvailability = o.Bool("ha", StackDefaults.MeshHighAvailability),
            Injection = o.Bool("injection", StackDefaults.MeshInjection),
            DefaultInboundPolicy = o.String("defaultInboundPolicy", StackDefaults.DefaultInboundPolicy, "a Linkerd default inbound policy"),
            Proxy = ReadResources(o.Object("proxy"), StackDefaults.Proxy),
            TrustAnchorValidityHours = o.Int("trustAnchorValidityHours", StackDefaults.TrustAnchorValidityHours, 24, 175200),
            IssuerValidityHours = o.Int("issuerValidityHours", StackDefaults.IssuerValidityHours, 24, 175200),
        };
        o.RejectUnknown();
        return mesh;
    }

    private static ResourceSettings ReadResources(ConfigObject o, ResourceSettings defaults)
    {
        const string quantity = "a Kubernetes quantity such as 100m or 128Mi";
        var resources = new ResourceSettings
        {
            CpuRequest = o.String("cpuRequest", defaults.CpuRequest, quantity),
            MemoryRequest = o.String("memoryRequest", defaults.MemoryRequest, quantity),
            CpuLimit = o.String("cpuLimit", defaults.CpuLimit, quantity),
            MemoryLimit = o.String("memoryLimit", defaults.MemoryLimit, quantity),
        };
        o.RejectUnknown();
        return resources;
    }

    private static MonitoringSettings ReadMonitoring(ConfigObject o)
    {
        var monitoring = new MonitoringSettings
        {
            Retention = o.String("retention", StackDefaults.Retention, "a Prometheus duration such as 15d"),
            StorageGi = o.Int("storageGi", StackDefaults.PrometheusStorageGi, 1, 65536),
            GrafanaAdminFromSecret = o.Bool("grafanaAdminFromSecret", StackDefaults.GrafanaAdminFromSecret),
            Receivers = ReadReceivers(o),
            RunbookUrl = o.String("runbookUrl", StackDefaults.RunbookUrl, "the address of docs/operations.md, e.g. https://git.example.com/oneq/infra/blob/main/docs/operations.md"),
        };
        o.RejectUnknown();
        return monitoring;
    }

    private static List<AlertReceiverSettings> ReadReceivers(ConfigObject monitoring)
    {
        const string shape = "a receiver ({ name, type, severities, channel, to, from, smarthost, username })";
        var list = monitoring.List("receivers", "a list of alert receivers ({ name, type, severities, … })");
        List<AlertReceiverSettings> receivers = [];
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var r = monitoring.Element("receivers", i, list![i], shape);
            if (r is null)
            {
                continue;
            }

            var severities = r.List("severities", "a list of severities such as [critical, warning]");
            List<string> levels = [];
            for (var j = 0; j < (severities?.Count ?? 0); j++)
            {
                if (r.ElementString("severities", j, severities![j], "critical, warning or info") is { } level)
                {
                    levels.Add(level);
                }
            }

            receivers.Add(new AlertReceiverSettings
            {
                Name = r.RequiredString("name", "a DNS-1123 label such as oncall") ?? string.Empty,
                Type = r.RequiredString("type", "slack, pagerduty, webhook or email") ?? string.Empty,
                Severities = severities is null ? ["critical"] : levels,
                Channel = r.OptionalString("channel", "a Slack channel such as #oneq-alerts"),
                To = r.OptionalString("to", "an e-mail address"),
                From = r.OptionalString("from", "an e-mail address"),
                Smarthost = r.OptionalString("smarthost", "an SMTP server as host:port, e.g. smtp.example.com:587"),
                Username = r.OptionalString("username", "the SMTP login"),
            });
            r.RejectUnknown();
        }

        return receivers;
    }

    /// <summary>
    /// The members of <c>monitoringSecrets</c> (one per receiver: its Slack or webhook URL, PagerDuty routing key or
    /// SMTP password), read only from a source that holds them encrypted, the stack file: each must be a Pulumi secret
    /// (<c>{ secure: … }</c>; a plain one is an error, reported once), and only the member names are kept. Pulumi's Config hands them decrypted and cannot list
    /// keys, so there the program reads them with <c>RequireSecretObject</c> and this returns null.
    /// </summary>
    private static List<string>? ReadSecretNames(ConfigObject root, IConfigSource source, List<ConfigError> errors)
    {
        const string key = StackDefaults.Project + ":" + MonitoringSecretsKey;
        if (source.Keys is null)
        {
            return null;
        }

        var node = root.Raw(MonitoringSecretsKey);
        if (node is null)
        {
            return [];
        }

        if (source.DecryptedSecretKeys is { } secretKeys)
        {
            // The Pulumi program: the CLI decrypted the value and says whether the key held a secret at all.
            if (!secretKeys.Contains(key))
            {
                errors.Add(new ConfigError(key, "(plain text)",
                    $"Pulumi secrets: a webhook URL, routing key or password is never plain config (pulumi config set --secret --path '{key}.<receiver>' <value>)"));
            }

            return node is JsonObject decrypted ? [.. decrypted.Select(kv => kv.Key)] : [];
        }

        if (node is not JsonObject members || ConfigObject.IsSecret(node))
        {
            errors.Add(new ConfigError(key, ConfigObject.Describe(node),
                $"a mapping of receiver name to secret, each member set with pulumi config set --secret --path '{key}.<receiver>' <value>"));
            return [];
        }

        List<string> names = [];
        foreach (var (name, value) in members)
        {
            if (!ConfigObject.IsSecret(value))
            {
                // Never echo the value: it is the secret that was set in plain text.
                errors.Add(new ConfigError($"{key}.{name}", "(plain text)",
                    $"a Pulumi secret: a webhook URL, routing key or password is never plain config (pulumi config set --secret --path '{key}.{name}' <value>)"));
            }

            names.Add(name);
        }

        return names;
    }

    private static NamespaceSettings ReadNamespaces(ConfigObject o)
    {
        var namespaces = new NamespaceSettings
        {
            DefaultDeny = o.Bool("defaultDeny", StackDefaults.DefaultDeny),
            PodSecurity = o.String("podSecurity", StackDefaults.PodSecurity, "restricted, baseline or privileged"),
            Quota = ReadQuota(o.Object("quota"), StackDefaults.Quota),
            ContainerDefaults = ReadResources(o.Object("containerDefaults"), StackDefaults.ContainerDefaults),
        };
        o.RejectUnknown();
        return namespaces;
    }

    private static QuotaSettings ReadQuota(ConfigObject o, QuotaSettings defaults)
    {
        const string quantity = "a Kubernetes quantity such as 4 or 8Gi";
        var quota = new QuotaSettings
        {
            Cpu = o.String("cpu", defaults.Cpu, quantity),
            Memory = o.String("memory", defaults.Memory, quantity),
            Pods = o.Int("pods", defaults.Pods, 1, 10000),
        };
        o.RejectUnknown();
        return quota;
    }

    private static IReadOnlyList<ServiceSettings> ReadServices(ConfigObject root)
    {
        const string shape = "a service ({ name, port, public, quota, slo, egress })";
        var list = root.List("services", "a list of services ({ name, port, public, quota, slo, egress })");
        if (list is null)
        {
            return StackDefaults.Services;
        }

        List<ServiceSettings> services = [];
        for (var i = 0; i < list.Count; i++)
        {
            var s = root.Element("services", i, list[i], shape);
            if (s is null)
            {
                // A nameless placeholder: the error is recorded; validation skips nameless services.
                services.Add(new ServiceSettings { Name = string.Empty, Port = StackDefaults.ServicePort, Public = false });
                continue;
            }

            var name = s.RequiredString("name", "a DNS-1123 label such as pg");
            var quotaNode = s.Raw("quota");
            services.Add(new ServiceSettings
            {
                Name = name ?? string.Empty,
                Port = s.Int("port", StackDefaults.ServicePort, 1, 65535),
                Public = s.Bool("public", false),
                Quota = quotaNode is null ? null : ReadQuota(s.Object("quota"), StackDefaults.Quota),
                Slo = ReadSlo(s.Object("slo")),
                Egress = ReadEgress(s),
            });
            s.RejectUnknown();
        }

        return services;
    }

    private static SloSettings ReadSlo(ConfigObject o)
    {
        // Below about 93 % the fast-burn page (14.4 times the error budget, Monitoring.SloRules) would need an error
        // ratio above 100 % and could never fire, so 95 is the floor; above 99.99 % the budget (about 4 minutes in
        // 30 days) is shorter than the alerts' own 5-minute window.
        var slo = new SloSettings
        {
            Availability = o.Double("availability", StackDefaults.Slo.Availability, 95, 99.99,
                "a percentage from 95 to 99.99, such as 99.9 (the share of inbound requests that succeed)"),
            LatencyP99Ms = o.Int("latencyP99Ms", StackDefaults.Slo.LatencyP99Ms, 1, 60000, "the p99 inbound latency objective in milliseconds"),
        };
        o.RejectUnknown();
        return slo;
    }

    /// <summary>A service's <c>egress</c> list: <c>{ cidr, port }</c> entries; absent means none.</summary>
    private static List<EgressSettings> ReadEgress(ConfigObject service)
    {
        var list = service.List("egress", "a list of egress destinations ({ cidr, port })");
        List<EgressSettings> egress = [];
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var e = service.Element("egress", i, list![i], "an egress destination ({ cidr: 0.0.0.0/0, port: 443 })");
            if (e is null)
            {
                egress.Add(new EgressSettings(string.Empty, 0)); // reported; keeps egress[i] aligned with the file
                continue;
            }

            var cidr = e.RequiredString("cidr", "a CIDR such as 0.0.0.0/0 or 203.0.113.0/24");
            var port = e.Int("port", 0, 1, 65535, "a TCP port such as 443");
            e.RejectUnknown();
            egress.Add(new EgressSettings(cidr ?? string.Empty, port));
        }

        return egress;
    }

    private static IReadOnlyList<CallSettings> ReadCalls(ConfigObject root)
    {
        var list = root.List("calls", "a list of allowed calls ({ from: caller, to: callee })");
        if (list is null)
        {
            return StackDefaults.Calls;
        }

        List<CallSettings> calls = [];
        for (var i = 0; i < list.Count; i++)
        {
            var c = root.Element("calls", i, list[i], "a call ({ from: caller, to: callee })");
            if (c is null)
            {
                // A placeholder keeps calls[i] aligned with the file, so later errors name the right index.
                calls.Add(new CallSettings(string.Empty, string.Empty));
                continue;
            }

            var from = c.RequiredString("from", "the calling service's name");
            var to = c.RequiredString("to", "the called service's name");
            c.RejectUnknown();
            calls.Add(new CallSettings(from ?? string.Empty, to ?? string.Empty)); // empty: reported above, skipped by validation
        }

        return calls;
    }

    /// <summary>
    /// <c>ingress</c>: absent is null (no public entry; validation requires one exactly when a service is public).
    /// <c>domain</c>, <c>dnsZone</c> and <c>acme.email</c> are required, <c>hostnames</c> is a map of service name to a
    /// list of hostnames; the rest default (<see cref="StackDefaults.IngressSourceCidrs"/>, …). A value that is not a
    /// mapping is reported and read as an empty one, so its required members are not reported again.
    /// </summary>
    private static IngressSettings? ReadIngress(ConfigObject root, StackEnvironment environment)
    {
        var node = root.Raw("ingress");
        if (node is null)
        {
            return null;
        }

        var o = root.Object("ingress");
        var readable = node is JsonObject && !ConfigObject.IsSecret(node);
        string Required(string name, string expected) => readable ? o.RequiredString(name, expected) ?? string.Empty : string.Empty;

        var domain = Required("domain", "the stack's DNS domain, e.g. oneq.example: every hostname is this domain or under it");
        var dnsZone = Required("dnsZone", "the DNS zone that serves ingress.domain: a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (aws) or a Cloud DNS managed zone name such as oneq-example (gcp)");
        var hostnames = ReadHostnames(o.Object("hostnames"));
        var cidrList = o.List("sourceCidrs", "a list of IPv4 CIDRs such as [0.0.0.0/0] or [203.0.113.0/24]");
        List<string> cidrs = [];
        for (var i = 0; i < (cidrList?.Count ?? 0); i++)
        {
            // An element of the wrong type is reported and kept as "", so later elements keep their index in messages.
            cidrs.Add(o.ElementString("sourceCidrs", i, cidrList![i], "an IPv4 CIDR such as 203.0.113.0/24") ?? string.Empty);
        }

        var http = o.String("http", StackDefaults.IngressHttp, string.Join(", ", SettingValues.IngressHttpModes));
        var a = o.Object("acme");
        var acme = new AcmeSettings
        {
            Email = readable ? a.RequiredString("email", "the ACME account's contact address, e.g. platform@oneq.example") ?? string.Empty : string.Empty,
            Server = a.String("server", StackDefaults.AcmeServer, string.Join(" or ", SettingValues.AcmeServers.Keys)),
        };
        a.RejectUnknown();

        // Upper bounds: see docs/configuration.md ("ingress") and the validator; the reader only keeps the numbers sane.
        var replicas = o.Int("replicas", StackDefaults.IngressReplicas(environment), 1, MaxIngressReplicas);
        var l = o.Object("limits");
        var defaults = StackDefaults.IngressLimits;
        var limits = new IngressLimitSettings
        {
            RequestBodyBytes = l.Int("requestBodyBytes", defaults.RequestBodyBytes, 1, MaxRequestBodyBytes,
                "bytes; Envoy holds a whole request body in memory before forwarding it, so at most 64 MiB"),
            RequestTimeoutSeconds = l.Int("requestTimeoutSeconds", defaults.RequestTimeoutSeconds, 1, MaxRequestTimeoutSeconds,
                "seconds one request may take end to end; a call that needs longer is a job, not a request"),
            RequestsPerMinute = l.Int("requestsPerMinute", defaults.RequestsPerMinute, 1, MaxRequestsPerMinute,
                "requests per minute per client address; above a million it no longer limits anything"),
        };
        l.RejectUnknown();
        o.RejectUnknown();
        return new IngressSettings
        {
            Domain = domain,
            DnsZone = dnsZone,
            Hostnames = hostnames,
            SourceCidrs = cidrList is null ? StackDefaults.IngressSourceCidrs : cidrs,
            Http = http,
            Acme = acme,
            Replicas = replicas,
            Limits = limits,
        };
    }

    /// <summary>Most Envoy replicas <c>ingress.replicas</c> takes: beyond this the answer is a larger node, not more copies.</summary>
    public const int MaxIngressReplicas = 20;

    /// <summary>Largest <c>ingress.limits.requestBodyBytes</c>: 64 MiB (Envoy buffers the whole body in memory).</summary>
    public const int MaxRequestBodyBytes = 64 * 1024 * 1024;

    /// <summary>Longest <c>ingress.limits.requestTimeoutSeconds</c>: one hour.</summary>
    public const int MaxRequestTimeoutSeconds = 3600;

    /// <summary>Largest <c>ingress.limits.requestsPerMinute</c>: a million (about 16,700 a second from one address).</summary>
    public const int MaxRequestsPerMinute = 1_000_000;

    /// <summary>
    /// <c>ingress.hostnames</c>: service name → list of hostnames, in file order. Each value must be a list (a lone
    /// string is a type error, as for every other list key); the names are checked against the services by validation.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> ReadHostnames(ConfigObject o)
    {
        Dictionary<string, IReadOnlyList<string>> hostnames = new(StringComparer.Ordinal);
        foreach (var service in o.Members ?? [])
        {
            var list = o.List(service, "a list of hostnames such as [order.oneq.example]");
            List<string> names = [];
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                // Reported and kept as "": the index of later hostnames stays that of the file, and the list is not empty.
                names.Add(o.ElementString(service, i, list![i], "a hostname such as order.oneq.example") ?? string.Empty);
            }

            hostnames[service] = names;
        }

        o.RejectUnknown();
        return hostnames;
    }

    [GeneratedRegex("^([a-z0-9][-a-z0-9.]*:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$")]
    private static partial Regex GcpProjectId();

    /// <summary>GCP region names: <c>&lt;area&gt;-&lt;direction&gt;&lt;n&gt;</c>, e.g. <c>us-central1</c>, <c>northamerica-northeast2</c>.</summary>
    [GeneratedRegex("^[a-z]+-[a-z]+[0-9]+$")]
    private static partial Regex GcpRegion();

    /// <summary>AWS region names: <c>&lt;area&gt;-&lt;direction&gt;-&lt;n&gt;</c>, e.g. <c>ap-northeast-2</c>, <c>us-gov-west-1</c>.</summary>
    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$")]
    private static partial Regex AwsRegion();

    private static T Invalid<T>(List<ConfigError> errors, string key, string value, string expected, T fallback)
    {
        errors.Add(new ConfigError(key, value, expected));
        return fallback;
    }
}

/// <summary>The settings read from a stack (always present, with defaults where values were bad) and every error found.</summary>
public sealed record SettingsResult(StackSettings Settings, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>No errors.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>
    /// False when <c>cloud</c> was missing or unknown (the reader reported it): <see cref="Settings"/> then carries a
    /// stand-in cloud only so that the rest can be read, and no rule specific to one cloud may judge it.
    /// </summary>
    public bool CloudKnown { get; init; } = true;

    /// <summary>
    /// False when <c>environment</c> was not <c>test</c> or <c>production</c> (the reader reported it): no rule that
    /// depends on the environment may judge the stand-in, or one typo would bring every production guardrail with it.
    /// </summary>
    public bool EnvironmentKnown { get; init; } = true;

    /// <summary>What the cloud may accept but the catalogues do not know (an unknown machine type); printed, not refused.</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    /// <summary>
    /// The settings as the planners take them, set by the validation layer (<c>StackConfiguration.Load</c>) when
    /// there are no errors; null otherwise, so a stack with errors cannot be planned.
    /// </summary>
    public ValidatedSettings? Validated { get; init; }
}
