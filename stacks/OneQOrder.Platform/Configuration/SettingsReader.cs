using System.Text.Json.Nodes;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Configuration;

/// <summary>
/// The one mapping from config keys to <see cref="StackSettings"/>, used by the <c>plan</c> command (over the stack
/// file) and by the Pulumi program (over <c>Pulumi.Config</c>). It checks types and simple ranges; cross-key rules
/// live in <see cref="Validation.SettingsValidator"/>. Every problem is collected; none stops the reading.
/// </summary>
public static class SettingsReader
{
    /// <summary>Provider keys read for the chosen cloud.</summary>
    public const string GcpProjectKey = "gcp:project";
    public const string GcpRegionKey = "gcp:region";
    public const string AwsRegionKey = "aws:region";

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

        var environmentText = root.String("environment", "production", "test or production");
        var environment = environmentText switch
        {
            "test" => StackEnvironment.Test,
            "production" => StackEnvironment.Production,
            _ => Invalid(errors, root.Key("environment"), environmentText, "test or production", StackDefaults.Environment),
        };

        var network = ReadNetwork(root.Object("network"));
        var provider = ReadProvider(source, cloud, cloudKnown, network.Zones, errors);
        var cluster = ReadCluster(root.Object("cluster"), cloud);
        var mesh = ReadMesh(root.Object("mesh"));
        var monitoring = ReadMonitoring(root.Object("monitoring"));
        var namespaces = ReadNamespaces(root.Object("namespaces"));
        var services = ReadServices(root);
        var calls = ReadCalls(root);
        root.RejectUnknown();

        var settings = new StackSettings
        {
            Stack = source.Stack,
            Cloud = cloud,
            Environment = environment,
            Provider = provider,
            Network = network,
            Cluster = cluster,
            Mesh = mesh,
            Monitoring = monitoring,
            Namespaces = namespaces,
            Services = services,
            Calls = calls,
        };
        return new SettingsResult(settings, errors) { CloudKnown = cloudKnown };
    }

    private static ProviderSettings ReadProvider(IConfigSource source, Cloud cloud, bool cloudKnown, int zones, List<ConfigError> errors)
    {
        string? Required(string key, string expected)
        {
            var node = source.Get(key);
            var text = node is null ? null : ConfigObject.AsScalar(node);
            if (cloudKnown && string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new ConfigError(key, node is null ? null : ConfigObject.Describe(node), ConfigObject.Expect(node, expected)));
            }

            return text;
        }

        var region = cloud == Cloud.Gcp
            ? Required(GcpRegionKey, "the GCP region the stack lives in, e.g. asia-northeast3 (required when cloud is gcp)")
            : Required(AwsRegionKey, "the AWS region the stack lives in, e.g. ap-northeast-2 (required when cloud is aws)");
        var project = cloud == Cloud.Gcp
            ? Required(GcpProjectKey, "the GCP project id (required when cloud is gcp)")
            : null;
        region ??= string.Empty;

        // Zones are the region's first N lettered zones: the same rule on both clouds (a, b, c …).
        var separator = cloud == Cloud.Gcp ? "-" : string.Empty;
        var zoneNames = Enumerable.Range(0, Math.Clamp(zones, 0, 26))
            .Select(i => $"{region}{separator}{(char)('a' + i)}")
            .ToList();
        return new ProviderSettings { Region = region, GcpProject = project, ZoneNames = zoneNames };
    }

    private static NetworkSettings ReadNetwork(ConfigObject o)
    {
        var network = new NetworkSettings
        {
            Cidr = o.String("cidr", StackDefaults.NetworkCidr, "an IPv4 CIDR such as 10.0.0.0/16"),
            Zones = o.Int("zones", StackDefaults.Zones, 1, 6),
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
        };
        o.RejectUnknown();
        return cluster;
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
        };
        o.RejectUnknown();
        return monitoring;
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
        const string shape = "a service ({ name, port, public, quota })";
        var list = root.List("services", "a list of services ({ name, port, public, quota })");
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
            });
            s.RejectUnknown();
        }

        return services;
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
}
