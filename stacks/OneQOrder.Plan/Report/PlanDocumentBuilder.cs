using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Mesh;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Plan.Report;

/// <summary>Turns a <see cref="PlatformPlan"/> into the <see cref="PlanDocument"/> both report formats print.</summary>
public static partial class PlanDocumentBuilder
{
    /// <summary>The document of <paramref name="plan"/>, its cost judged on <paramref name="on"/> (standard or extended Kubernetes support).</summary>
    public static PlanDocument Build(PlatformPlan plan, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = plan.Settings;
        return new PlanDocument
        {
            Stack = s.Stack,
            Environment = s.IsProduction ? "production" : "test",
            Cloud = CloudNames.Of(s.Cloud),
            Region = s.Provider.Region,
            GcpProject = (s.Provider as GcpProviderSettings)?.Project,
            Zones = s.Provider.ZoneNames,
            Network = Network(plan.Network),
            Cluster = Cluster(plan.Cluster, (plan.Resources as AwsResourcePlan)?.Cluster.CiRunner),
            Addons = Addons(plan),
            Mesh = Mesh(s.Mesh, plan.Mesh),
            Monitoring = new MonitoringDocument
            {
                Retention = s.Monitoring.Retention,
                StorageGi = s.Monitoring.StorageGi,
                GrafanaAdminFromSecret = s.Monitoring.GrafanaAdminFromSecret,
                Chart = Chart(plan.Monitoring.Release.Chart),
                Release = Release(plan.Monitoring.Release),
                Receivers = plan.Monitoring.Receivers.Select(r => new ReceiverDocument(r.Name, r.Type, r.Severities)).ToList(),
                ReceiverSecret = plan.Monitoring.ReceiverSecretName,
                Rules = plan.Monitoring.RuleObjects.Select(f => f.Thaw<PrometheusRule>()).Select(r => new RuleDocument(
                    r.Metadata.Name,
                    r.Spec.Groups.SelectMany(g => g.Rules).Where(x => x.Alert is not null).Select(x => x.Alert!).ToList(),
                    r.Spec.Groups.SelectMany(g => g.Rules).Count(x => x.Record is not null))).ToList(),
                Dashboards = plan.Monitoring.DashboardTitles.Select(d => new DashboardDocument(d.Uid, d.Title)).ToList(),
            },
            PublicEntry = PublicEntry(plan.Edge),
            Namespaces = s.Services.Select(service => Namespace(s, service)).ToList(),
            Calls = s.Calls.Select(c => new CallDocument(c.From, c.To)).ToList(),
            Guardrails = Guardrails(plan.Guardrails),
            Cost = Cost(CostEstimator.Estimate(plan, on)),
            Fit = Sizing.Fit(plan).Select(Fit).ToList(),
        };
    }

    private static CostDocument Cost(CostEstimate estimate) => new()
    {
        Currency = CostEstimate.Currency,
        PricedOn = estimate.PricedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Items = estimate.Items,
        MonthlyAtMinimum = estimate.MonthlyAtMinimum,
        MonthlyAtMaximum = estimate.MonthlyAtMaximum,
        ReplacedDesignMonthly = estimate.ReplacedDesignMonthly,
        RatioToReplaced = estimate.RatioToReplaced,
    };

    private static FitDocument Fit(FitResult f) =>
        new(f.Pool, f.MachineType, f.Nodes, f.PerNode?.CpuMillis, f.PerNode?.MemoryMiB, f.RequestedCpuMillis, f.RequestedMemoryMiB, f.Pods, f.Fits, f.Unplaced);

    private static NetworkDocument Network(NetworkPlan n) => new()
    {
        Name = n.Name,
        Cidr = n.Cidr,
        FlowLogs = n.FlowLogs,
        Subnets = n.Subnets.Select(x => new SubnetDocument(x.Name, x.Cidr, x.Zone, RoleName(x.Role),
            new SortedDictionary<string, string>(x.Tags.ToDictionary(), StringComparer.Ordinal))).ToList(),
        SecondaryRanges = n.SecondaryRanges.Select(r => new RangeDocument(r.Name, r.Cidr)).ToList(),
        NatGateways = n.NatGateways.Select(g => new NatGatewayDocument(g.Name, g.Subnet)).ToList(),
        RouteTables = n.RouteTables.Select(r => new RouteTableDocument(r.Name, r.DefaultRoute, r.Subnets)).ToList(),
        Router = (n as GcpNetworkPlan)?.Router,
        ControlPlaneCidr = (n as GcpNetworkPlan)?.ControlPlaneCidr,
    };

    private static string RoleName(SubnetRole role) => role switch
    {
        SubnetRole.Public => "public",
        SubnetRole.Private => "private",
        SubnetRole.Nodes => "nodes",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static ClusterDocument Cluster(ClusterPlan c, CodeBuildRunnerSpec? runner) => new()
    {
        Name = c.Name,
        Kind = c.Kind,
        KubernetesVersion = c.KubernetesVersion,
        Location = c.Location,
        NodeZones = c.NodeZones,
        ReleaseChannel = (c as GkeClusterPlan)?.ReleaseChannel,
        PrivateNodes = c.PrivateNodes,
        PublicEndpoint = c.PublicEndpoint,
        PublicAccessCidrs = c.PublicAccessCidrs,
        SecretsEncryption = c.SecretsEncryption,
        AuditLogs = c.AuditLogs,
        AuditLogRetentionDays = c.AuditLogRetentionDays,
        DeletionProtection = c.DeletionProtection,
        NodePools = c.NodePools
            .Select(p => new NodePoolDocument(p.Name, p.MachineType, p.MinNodes, p.MaxNodes, p.DiskSizeGb, p.Subnets))
            .ToList(),
        CiRunnerLabel = runner?.LabelPrefix,
    };

    private static AddonsDocument Addons(PlatformPlan plan)
    {
        var a = plan.Addons;
        var storage = a.StorageClass;
        var scaling = a.NodeScaling;
        return new AddonsDocument
        {
            StorageClass = new StorageClassDocument(storage.Name, storage.Provisioner,
                new SortedDictionary<string, string>(storage.Parameters.ToDictionary(), StringComparer.Ordinal), storage.KmsKey,
                storage.IsDefault, storage.VolumeBindingMode, storage.AllowVolumeExpansion),
            NodeScaling = new NodeScalingDocument(scaling.Mechanism, scaling.Version, scaling.Identity, scaling.Why),
            Addons = AddonList(plan),
            Releases = a.Releases.Select(Release).ToList(),
        };
    }

    /// <summary>The add-ons, each from the plan record that creates it.</summary>
    private static List<AddonDocument> AddonList(PlatformPlan plan)
    {
        var storage = plan.Addons.StorageClass;
        var scaling = plan.Addons.NodeScaling;
        var volumes = $"provisions the volumes of StorageClass {storage.Name} (Prometheus's), encrypted with key {storage.KmsKey}";
        return plan.Resources switch
        {
            AwsResourcePlan aws =>
            [
                new AddonDocument(aws.Cluster.EbsCsiDriver.AddonName, "EKS managed add-on, EKS's default version for the cluster version",
                    $"Pod Identity role for {aws.Cluster.EbsCsiDriver.Identity.Namespace}/{aws.Cluster.EbsCsiDriver.Identity.ServiceAccount}: " +
                    $"{string.Join(", ", aws.Cluster.EbsCsiDriver.Identity.Role.ManagedPolicies)}, grants and data keys on {storage.KmsKey} only",
                    $"EKS provisions no volume without it (the in-tree EBS provisioner is migrated to CSI); {volumes}"),
                new AddonDocument(scaling.Mechanism, scaling.Version, scaling.Identity, scaling.Why),
            ],
            _ =>
            [
                new AddonDocument("Compute Engine persistent disk CSI driver", "GKE add-on, on by default", "GKE's own; the Compute Engine service agent uses the key",
                    volumes),
                new AddonDocument(scaling.Mechanism, scaling.Version, scaling.Identity, scaling.Why),
            ],
        };
    }

    // The releases come from the mesh plan, which fixes their install order (CRDs, CNI, control plane, viz) for the
    // Pulumi program too: the report cannot list a chart the program does not install.
    private static MeshDocument Mesh(MeshSettings m, MeshPlan plan) => new()
    {
        HighAvailability = m.HighAvailability,
        Injection = m.Injection,
        DefaultInboundPolicy = m.DefaultInboundPolicy,
        Proxy = new ResourcesDocument(m.Proxy.CpuRequest, m.Proxy.MemoryRequest, m.Proxy.CpuLimit, m.Proxy.MemoryLimit),
        TrustAnchorValidityHours = m.TrustAnchorValidityHours,
        IssuerValidityHours = m.IssuerValidityHours,
        Charts = plan.Releases.Select(r => Chart(r.Chart)).ToList(),
        GatewayApiVersion = plan.GatewayApiVersion,
        Releases = plan.Releases.Select(Release).ToList(),
    };

    private static ChartDocument Chart(HelmChart chart) => new(chart.Name, chart.Version, chart.Repository);

    private static ReleaseDocument Release(HelmReleasePlan release) => new(release.Name, release.Namespace, Chart(release.Chart));

    private static GuardrailsDocument Guardrails(GuardrailReport report) => new()
    {
        Counts = new GuardrailCountsDocument(
            report.Count(GuardrailStatus.Pass),
            report.Count(GuardrailStatus.Relaxed),
            report.Count(GuardrailStatus.NotApplicable),
            report.Count(GuardrailStatus.Fail)),
        Controls = report.Entries
            .Select(e => new GuardrailDocument(e.Control.Id, e.Control.Catalogue, e.Control.Title, e.Control.Layer, e.Status,
                e.Detail, e.Relaxations.Select(r => new RelaxationDocument(r.Key, r.Value)).ToList()))
            .ToList(),
    };

    private static NamespaceDocument Namespace(StackSettings s, ServiceSettings service)
    {
        var quota = service.Quota ?? s.Namespaces.Quota;
        return new NamespaceDocument
        {
            Name = service.Name,
            Port = service.Port,
            Public = service.Public,
            PodSecurity = s.Namespaces.PodSecurity,
            DefaultDeny = s.Namespaces.DefaultDeny,
            MeshInjection = s.Mesh.Injection,
            DefaultInboundPolicy = s.Mesh.DefaultInboundPolicy,
            Quota = new QuotaDocument(quota.Cpu, quota.Memory, quota.Pods),
        };
    }
}
