using System.Net;
using System.Text.RegularExpressions;
using k8s.Models;
using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Validation;

/// <summary>
/// The cross-key rules of a stack's settings. Pure: returns every problem at once, each naming the key, the value and
/// what is expected. Runs before anything is planned or registered.
/// </summary>
public static partial class SettingsValidator
{
    /// <summary>Namespaces the platform or Kubernetes owns; a service may not take one of these names.</summary>
    public static readonly IReadOnlySet<string> ReservedNamespaces = new SortedSet<string>(StringComparer.Ordinal)
    {
        "default", "kube-node-lease", "kube-public", "kube-system",
        "linkerd", "linkerd-cni", "linkerd-viz", "monitoring", "gateway-system",
    };

    /// <summary>Linkerd's proxy ports (inbound 4143, admin 4191, outbound 4140, admin/tap 4190): a service may not listen on them.</summary>
    public static readonly IReadOnlySet<int> ProxyPorts = new SortedSet<int> { 4140, 4143, 4190, 4191 };

    /// <summary>
    /// Longest service name: it becomes a namespace and prefixes derived object names such as
    /// <c>&lt;name&gt;-linkerd-admin</c>, which must stay DNS-1123 labels (63 characters).
    /// </summary>
    public const int MaxServiceNameLength = 40;

    /// <summary>Longest stack name: <c>oneq-&lt;stack&gt;</c> names the cluster, and GKE cluster names are at most 40 characters.</summary>
    public const int MaxStackNameLength = 35;

    /// <summary>Longest Cloud Logging bucket retention in days (GKE applies <c>cluster.auditLogRetentionDays</c> to the <c>_Default</c> bucket).</summary>
    public const int MaxGcpLogRetentionDays = 3650;

    /// <summary>GKE node pool names are at most 40 characters (GKE API); EKS node groups share the rule here.</summary>
    public const int MaxNodePoolNameLength = 40;

    /// <summary>Validates settings that <see cref="SettingsReader"/> produced.</summary>
    public static IReadOnlyList<ConfigError> Validate(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<ConfigError> errors = [];
        ValidateEnvironment(settings, errors);
        ValidateNetwork(settings, errors);
        ValidateCluster(settings, errors);
        ValidateMesh(settings, errors);
        ValidateMonitoring(settings, errors);
        ValidateNamespaces(settings, errors);
        ValidateServices(settings, errors);
        ValidateCalls(settings, errors);
        ValidateIngress(settings, errors);
        errors.AddRange(GuardrailEvaluator.Validate(settings));
        return errors;
    }

    /// <summary>
    /// What the cloud may accept but the catalogues do not know: a machine type written like one of the stack's cloud
    /// but not in <see cref="MachineTypeCatalogue"/> (newer than it, or misspelt). Not errors: the plan goes on.
    /// </summary>
    public static IReadOnlyList<ConfigError> Warnings(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<ConfigError> warnings = [];
        for (var i = 0; i < settings.Cluster.NodePools.Count; i++)
        {
            var type = settings.Cluster.NodePools[i].MachineType;
            if (MachineTypeCatalogue.Judge(settings.Cloud, type) == MachineTypeVerdict.Plausible)
            {
                warnings.Add(new(Key($"cluster.nodePools[{i}].machineType"), type,
                    $"{MachineTypeName(settings.Cloud)} in the catalogue of {RegionCatalogue.AsOf:yyyy-MM-dd} (stacks/OneQOrder.Platform/Clouds/MachineTypeCatalogue.cs); check the spelling, or add a type newer than the catalogue"));
            }
        }

        return warnings;
    }

    /// <summary>
    /// The support rule of <see cref="KubernetesVersionCalendar"/> on <paramref name="today"/>: a production stack may
    /// not run a version past the end of standard support (EKS bills extended support at six times the control-plane
    /// price; GKE keeps such versions only on its Extended channel), so it is an error there. Everything else the
    /// calendar has to say is a warning (<see cref="SupportWarnings"/>). Kept apart from <see cref="Validate"/> because
    /// it depends on the date: the edges (<c>StackConfiguration.Load</c>) pass today's.
    /// </summary>
    public static IReadOnlyList<ConfigError> SupportErrors(StackSettings settings, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var version = settings.Cluster.KubernetesVersion;
        return settings.IsProduction && KubernetesVersionCalendar.Find(settings.Cloud, version) is { } row && row.On(today) != SupportStatus.Standard
            ? [new(Key("cluster.kubernetesVersion"), version, $"a version in {CloudKind(settings.Cloud)} standard support on {today:yyyy-MM-dd} for a production stack ({version} left it on {row.EndOfStandardSupport:yyyy-MM-dd}; {Supported(settings.Cloud, today)}; calendar: stacks/OneQOrder.Platform/Clouds/KubernetesVersionCalendar.cs)")]
            : [];
    }

    /// <summary>
    /// The calendar's warnings on <paramref name="today"/>: standard support ends within
    /// <see cref="KubernetesVersionCalendar.WarningDays"/> days; a test stack past it (allowed, and priced as extended
    /// support); a version the calendar does not list.
    /// </summary>
    public static IReadOnlyList<ConfigError> SupportWarnings(StackSettings settings, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var version = settings.Cluster.KubernetesVersion;
        var key = Key("cluster.kubernetesVersion");
        if (KubernetesVersionCalendar.Find(settings.Cloud, version) is not { } row)
        {
            return KubernetesVersion().IsMatch(version)
                ? [new(key, version, $"a version in the {CloudKind(settings.Cloud)} calendar of {KubernetesVersionCalendar.AsOf:yyyy-MM-dd} (stacks/OneQOrder.Platform/Clouds/KubernetesVersionCalendar.cs): its support dates are unknown, so neither its support nor its price can be checked; add its row")]
                : [];
        }

        var left = row.DaysOfStandardSupportLeft(today);
        if (row.On(today) != SupportStatus.Standard)
        {
            return settings.IsProduction
                ? []
                : [new(key, version, $"a version in {CloudKind(settings.Cloud)} standard support ({version} left it on {row.EndOfStandardSupport:yyyy-MM-dd}; allowed on a test stack, priced as extended support; {Supported(settings.Cloud, today)})")];
        }

        return left <= KubernetesVersionCalendar.WarningDays
            ? [new(key, version, $"a version with more than {KubernetesVersionCalendar.WarningDays} days of {CloudKind(settings.Cloud)} standard support left ({version} leaves it on {row.EndOfStandardSupport:yyyy-MM-dd}, in {left} days; plan the upgrade)")]
            : [];
    }

    private static string CloudKind(Cloud cloud) => cloud == Cloud.Aws ? "EKS" : "GKE";

    private static string Supported(Cloud cloud, DateOnly today)
    {
        var versions = KubernetesVersionCalendar.Versions(cloud).Where(r => r.On(today) == SupportStatus.Standard).Select(r => r.Version).ToList();
        return versions.Count == 0 ? "the calendar lists no version in standard support on that day" : $"in standard support then: {string.Join(", ", versions)}";
    }

    private static string MachineTypeName(Cloud cloud) => cloud == Cloud.Aws ? "an EC2 instance type" : "a GCE machine type";

    /// <summary>
    /// Validates settings whose cloud is unknown (the reader already reported <c>cloud</c>): the errors found whichever
    /// cloud the stack meant, and no others. A rule of one cloud, or a message that depends on the cloud (subnet
    /// layout, identity name length), needs the cloud to be decided first.
    /// </summary>
    public static IReadOnlyList<ConfigError> ValidateOnEveryCloud(StackSettings settings) => ValidateUndecided(settings, cloudKnown: false, environmentKnown: true);

    /// <summary>
    /// Validates settings whose cloud or environment (or both) the reader could not decide: the errors found for every
    /// choice of what is undecided, and no others. With both known it is <see cref="Validate"/>.
    /// </summary>
    public static IReadOnlyList<ConfigError> ValidateUndecided(StackSettings settings, bool cloudKnown, bool environmentKnown)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var clouds = cloudKnown ? [settings.Cloud] : Enum.GetValues<Cloud>();
        var environments = environmentKnown ? [settings.Environment] : Enum.GetValues<StackEnvironment>();
        var perChoice = clouds
            .SelectMany(cloud => environments.Select(environment => Validate(settings with { Cloud = cloud, Environment = environment })))
            .ToList();
        return perChoice[0].Where(error => perChoice.Skip(1).All(other => other.Contains(error))).ToList();
    }

    private static string Key(string name) => $"{StackDefaults.Project}:{name}";

    private static void ValidateEnvironment(StackSettings s, List<ConfigError> errors)
    {
        // The stack name prefixes every resource name (oneq-<stack>), and a GKE cluster name is a lowercase label of at
        // most 40 characters (GKE API), so the name must be a DNS label of at most 35. Pulumi itself also allows '_', '.'
        // and capitals in stack names.
        if (!IsDnsLabel(s.Stack, MaxStackNameLength))
        {
            errors.Add(new("stack", s.Stack, $"a stack name that is a DNS-1123 label of at most {MaxStackNameLength} characters (lowercase letters, digits and '-'): it prefixes every resource name, oneq-<stack>"));
        }

        // A production-named stack cannot opt out of production guardrails by calling itself a test stack.
        if (IsProductionName(s.Stack) && !s.IsProduction)
        {
            errors.Add(new(Key("environment"), "test", $"production for stack '{s.Stack}' (a prod stack cannot relax guardrails)"));
        }
    }

    private static void ValidateNetwork(StackSettings s, List<ConfigError> errors)
    {
        var n = s.Network;
        var aws = s.Cloud == Cloud.Aws;
        if (aws && n.Zones < 2)
        {
            errors.Add(new(Key("network.zones"), Text(n.Zones), "a whole number from 2 to 6 on aws (EKS needs subnets in at least two availability zones)"));
        }

        // How many zones the region has is checked against RegionCatalogue when the zones are named (SettingsReader).

        if (!Cidr.TryParse(n.Cidr, out var vpc))
        {
            errors.Add(new(Key("network.cidr"), n.Cidr, "an IPv4 network address with prefix, such as 10.0.0.0/16 (host bits zero)"));
        }
        else
        {
            if (aws && (vpc.Cidr < 16 || vpc.Cidr > 28))
            {
                errors.Add(new(Key("network.cidr"), n.Cidr, "a prefix length from /16 to /28 (AWS VPC limits)"));
            }

            // A range larger than the network itself is the fault of its own prefix length, not of network.cidr, when
            // the stack chose that length (a default length that does not fit a small network.cidr is the cidr's fault).
            (string Key, int Prefix, int Default, string What)[] ranges = aws
                ? [("privateSubnetPrefixLength", n.PrivateSubnetPrefixLength, StackDefaults.PrivateSubnetPrefixLength, "a private subnet"),
                   ("publicSubnetPrefixLength", n.PublicSubnetPrefixLength, StackDefaults.PublicSubnetPrefixLength, "a public subnet")]
                : [("privateSubnetPrefixLength", n.PrivateSubnetPrefixLength, StackDefaults.PrivateSubnetPrefixLength, "the node range"),
                   ("podPrefixLength", n.PodPrefixLength, StackDefaults.PodPrefixLength, "the pod range"),
                   ("servicePrefixLength", n.ServicePrefixLength, StackDefaults.ServicePrefixLength, "the service range")];
            var tooLarge = ranges.Where(r => r.Prefix < vpc.Cidr && r.Prefix != r.Default).ToList();
            foreach (var (key, prefix, _, what) in tooLarge)
            {
                errors.Add(new(Key($"network.{key}"), Text(prefix), $"a prefix length of at least {vpc.Cidr}: {what} must fit inside network.cidr {n.Cidr}"));
            }

            var blocks = NetworkPlanner.RequiredBlocks(s);
            if (tooLarge.Count == 0 && Cidr.Allocate(vpc, blocks) is null)
            {
                errors.Add(new(Key("network.cidr"), n.Cidr, $"a range that holds {Describe(s)} (at least a /{Cidr.RequiredParentPrefix(blocks)})"));
            }
        }

        if (!aws)
        {
            if (!Cidr.TryParse(n.ControlPlaneCidr, out var master) || master.Cidr != 28)
            {
                errors.Add(new(Key("network.controlPlaneCidr"), n.ControlPlaneCidr, "an IPv4 /28 network such as 172.16.0.0/28 (GKE private control plane)"));
            }
            else if (vpc is not null && vpc.Overlap(master))
            {
                errors.Add(new(Key("network.controlPlaneCidr"), n.ControlPlaneCidr, $"a /28 outside network.cidr {n.Cidr} (GKE rejects overlapping control-plane ranges)"));
            }
        }
    }

    private static string Describe(StackSettings s)
    {
        var n = s.Network;
        return s.Cloud == Cloud.Aws
            ? $"{n.Zones} private /{n.PrivateSubnetPrefixLength} and {n.Zones} public /{n.PublicSubnetPrefixLength} subnets"
            : $"a /{n.PrivateSubnetPrefixLength} node range, a /{n.PodPrefixLength} pod range and a /{n.ServicePrefixLength} service range";
    }

    private static void ValidateCluster(StackSettings s, List<ConfigError> errors)
    {
        var c = s.Cluster;
        if (!KubernetesVersion().IsMatch(c.KubernetesVersion))
        {
            errors.Add(new(Key("cluster.kubernetesVersion"), c.KubernetesVersion, "a Kubernetes minor version 1.30 or newer, written major.minor such as 1.33"));
        }

        if (s.Cloud == Cloud.Gcp && c.ReleaseChannel is not ("RAPID" or "REGULAR" or "STABLE"))
        {
            errors.Add(new(Key("cluster.releaseChannel"), c.ReleaseChannel, "RAPID, REGULAR or STABLE (GKE release channels)"));
        }

        // The reader allows CloudWatch's longest retention (3653 days); a Cloud Logging bucket keeps at most 3650
        // (Cloud Logging docs, "Configure log buckets": retention 1 to 3650 days), and GKE applies this to _Default.
        if (s.Cloud == Cloud.Gcp && c.AuditLogRetentionDays > MaxGcpLogRetentionDays)
        {
            errors.Add(new(Key("cluster.auditLogRetentionDays"), Text(c.AuditLogRetentionDays), $"a whole number from 1 to {MaxGcpLogRetentionDays} on gcp (Cloud Logging bucket retention)"));
        }

        // GKE accepts only a group named gke-security-groups@<domain> as the parent of RBAC groups (GKE docs, "Configure
        // Google Groups for RBAC"); checked on both clouds so a stack moved between them keeps a valid value.
        if (c.RbacGroup is { } group && !RbacGroup().IsMatch(group))
        {
            errors.Add(new(Key("cluster.rbacGroup"), group, SettingValues.RbacGroupExpected));
        }

        ValidatePrincipals(s, errors);
        ValidateCiRunner(s, errors);

        for (var i = 0; i < c.PublicAccessCidrs.Count; i++)
        {
            if (!Cidr.TryParse(c.PublicAccessCidrs[i], out _))
            {
                errors.Add(new(Key($"cluster.publicAccessCidrs[{i}]"), c.PublicAccessCidrs[i], "an IPv4 network with prefix, such as 203.0.113.0/24"));
            }
        }

        if (c.NodePools.Count == 0)
        {
            errors.Add(new(Key("cluster.nodePools"), "an empty list", "at least one node pool"));
        }

        HashSet<string> poolNames = new(StringComparer.Ordinal);
        for (var i = 0; i < c.NodePools.Count; i++)
        {
            var pool = c.NodePools[i];
            var key = Key($"cluster.nodePools[{i}]");
            if (!IsDnsLabel(pool.Name, MaxNodePoolNameLength))
            {
                errors.Add(new($"{key}.name", pool.Name, $"a DNS-1123 label of at most {MaxNodePoolNameLength} characters (lowercase letters, digits and '-')"));
            }
            else if (!poolNames.Add(pool.Name))
            {
                errors.Add(new($"{key}.name", pool.Name, "a node pool name used once"));
            }

            switch (MachineTypeCatalogue.Judge(s.Cloud, pool.MachineType))
            {
                case MachineTypeVerdict.OtherCloud:
                    errors.Add(new($"{key}.machineType", pool.MachineType,
                        $"{MachineTypeName(s.Cloud)} such as {MachineTypeCatalogue.Example(s.Cloud)}: {pool.MachineType} is {MachineTypeName(s.Cloud == Cloud.Aws ? Cloud.Gcp : Cloud.Aws)}"));
                    break;
                case MachineTypeVerdict.Malformed:
                    errors.Add(new($"{key}.machineType", pool.MachineType, $"{MachineTypeName(s.Cloud)} such as {MachineTypeCatalogue.Example(s.Cloud)}"));
                    break;
            }

            if (pool.MinNodes > pool.MaxNodes)
            {
                errors.Add(new($"{key}.minNodes", Text(pool.MinNodes), $"at most maxNodes ({pool.MaxNodes})"));
            }
        }
    }

    private static void ValidateMesh(StackSettings s, List<ConfigError> errors)
    {
        var m = s.Mesh;
        if (!SettingValues.InboundPolicies.Contains(m.DefaultInboundPolicy))
        {
            errors.Add(new(Key("mesh.defaultInboundPolicy"), m.DefaultInboundPolicy, "one of " + string.Join(", ", SettingValues.InboundPolicies)));
        }
        else if (s.IsProduction && m.DefaultInboundPolicy == "all-authenticated")
        {
            // With all-authenticated any meshed caller reaches a port no Server declares (the NetworkPolicies open only
            // 4143, so they cannot tell ports apart): production closes them (guardrail MESH-03). Weaker policies are
            // MESH-03's relaxations, refused in every stack.
            errors.Add(new(Key("mesh.defaultInboundPolicy"), m.DefaultInboundPolicy,
                "deny in production (guardrail MESH-03: a port no Server declares stays closed to declared callers; only a test stack may use all-authenticated)"));
        }

        ValidateResources(m.Proxy, "mesh.proxy", errors);
        if (m.IssuerValidityHours >= m.TrustAnchorValidityHours)
        {
            errors.Add(new(Key("mesh.issuerValidityHours"), Text(m.IssuerValidityHours),
                $"fewer hours than mesh.trustAnchorValidityHours ({m.TrustAnchorValidityHours}): the issuer must expire before the anchor that signs it"));
        }
    }

    private static void ValidateMonitoring(StackSettings s, List<ConfigError> errors)
    {
        if (!PrometheusDuration().IsMatch(s.Monitoring.Retention))
        {
            errors.Add(new(Key("monitoring.retention"), s.Monitoring.Retention, "a Prometheus duration such as 15d, 12h or 1w"));
        }

        ValidateReceivers(s, errors);
    }

    /// <summary>
    /// Alert receivers: well-formed, each with the secret part it needs set as a Pulumi secret, and in production at
    /// least one that takes critical alerts (issue 14: a production stack whose pages reach no one is refused).
    /// </summary>
    private static void ValidateReceivers(StackSettings s, List<ConfigError> errors)
    {
        var receivers = s.Monitoring.Receivers;
        HashSet<string> names = new(StringComparer.Ordinal);
        for (var i = 0; i < receivers.Count; i++)
        {
            var r = receivers[i];
            var key = Key($"monitoring.receivers[{i}]");
            if (r.Name.Length > 0 && (!IsDnsLabel(r.Name, 63) || r.Name == AlertReceivers.NullReceiver))
            {
                errors.Add(new($"{key}.name", r.Name, $"a DNS-1123 label other than '{AlertReceivers.NullReceiver}' (it keys the receiver's secret in the Secret {AlertReceivers.SecretName})"));
            }
            else if (r.Name.Length > 0 && !names.Add(r.Name))
            {
                errors.Add(new($"{key}.name", r.Name, "a receiver name used once"));
            }

            if (r.Type.Length > 0 && !AlertReceivers.Types.Contains(r.Type))
            {
                errors.Add(new($"{key}.type", r.Type, string.Join(", ", AlertReceivers.Types)));
            }

            if (r.Severities.Count == 0)
            {
                errors.Add(new($"{key}.severities", "an empty list", "at least one of critical, warning, info"));
            }

            for (var j = 0; j < r.Severities.Count; j++)
            {
                if (!AlertReceivers.Severities.Contains(r.Severities[j]))
                {
                    errors.Add(new($"{key}.severities[{j}]", r.Severities[j], "critical, warning or info (the severity label of the platform's rules)"));
                }
            }

            var email = r.Type == "email";
            foreach (var (field, value) in new[] { ("to", r.To), ("from", r.From), ("smarthost", r.Smarthost) })
            {
                if (email && string.IsNullOrEmpty(value))
                {
                    errors.Add(new($"{key}.{field}", null, $"the {field} of an email receiver"));
                }
            }

            foreach (var (field, value, type) in new[] { ("to", r.To, "email"), ("from", r.From, "email"), ("smarthost", r.Smarthost, "email"), ("username", r.Username, "email"), ("channel", r.Channel, "slack") })
            {
                if (value is not null && r.Type.Length > 0 && r.Type != type && AlertReceivers.Types.Contains(r.Type))
                {
                    errors.Add(new($"{key}.{field}", value, $"no value on a {r.Type} receiver ({field} is for {type} receivers)"));
                }
            }

            if (s.Monitoring.SecretsSet is { } set && r.Name.Length > 0 && !set.Contains(r.Name))
            {
                errors.Add(new(Key($"{SettingsReader.MonitoringSecretsKey}.{r.Name}"), null,
                    $"the {AlertReceivers.SecretWhat(r.Type)} of receiver {r.Name}, as a Pulumi secret: pulumi config set --secret --path '{Key(SettingsReader.MonitoringSecretsKey)}.{r.Name}' <value>"));
            }
        }

        foreach (var stale in (s.Monitoring.SecretsSet ?? []).Where(n => !receivers.Any(r => r.Name == n)))
        {
            errors.Add(new(Key($"{SettingsReader.MonitoringSecretsKey}.{stale}"), "(secret)",
                $"the name of a receiver of monitoring.receivers ({(receivers.Count == 0 ? "none is declared" : string.Join(", ", receivers.Select(r => r.Name)))}); remove it otherwise"));
        }

        if (s.IsProduction && !receivers.Any(r => r.Severities.Contains("critical")))
        {
            errors.Add(new(Key("monitoring.receivers"), receivers.Count == 0 ? "none" : string.Join(", ", receivers.Select(r => $"{r.Name} ({string.Join("/", r.Severities)})")),
                "in production, at least one receiver (slack, pagerduty, webhook or email) whose severities include critical: a production stack's pages must reach someone, not the null receiver"));
        }
    }

    private static void ValidateNamespaces(StackSettings s, List<ConfigError> errors)
    {
        var ns = s.Namespaces;
        if (ns.PodSecurity is not ("restricted" or "baseline" or "privileged"))
        {
            errors.Add(new(Key("namespaces.podSecurity"), ns.PodSecurity, "restricted, baseline or privileged (Pod Security Admission levels)"));
        }

        ValidateQuota(ns.Quota, "namespaces.quota", errors);
        ValidateResources(ns.ContainerDefaults, "namespaces.containerDefaults", errors);
    }

    private static void ValidateServices(StackSettings s, List<ConfigError> errors)
    {
        if (s.Services.Count == 0)
        {
            errors.Add(new(Key("services"), "an empty list", "at least one service"));
        }

        // When the stack name leaves no service name room inside the cloud's identity limit, the stack name is at fault:
        // one error on it instead of one per service.
        var named = s.Services.Where(x => IsDnsLabel(x.Name, MaxServiceNameLength)).ToList();
        var stackTooLong = IsDnsLabel(s.Stack, MaxStackNameLength) && named.Count > 1
            && named.All(x => WorkloadIdentities.NameOf(s, x.Name).Length > WorkloadIdentities.MaxLength(s.Cloud));
        if (stackTooLong)
        {
            var longest = named.Max(x => x.Name.Length);
            var room = WorkloadIdentities.MaxLength(s.Cloud) - WorkloadIdentities.NameOf(s, string.Empty).Length + s.Stack.Length - longest;
            var what = s.Cloud == Cloud.Aws ? "IAM role names" : "GCP service account ids";
            errors.Add(new("stack", s.Stack, room > 0
                ? $"a stack name of at most {room} characters on {CloudNames.Of(s.Cloud)}: {what} are oneq-<stack>-<service>, at most {WorkloadIdentities.MaxLength(s.Cloud)} characters, and the longest service name has {longest}"
                : $"a shorter stack name: {what} are oneq-<stack>-<service>, at most {WorkloadIdentities.MaxLength(s.Cloud)} characters"));
        }

        HashSet<string> names = new(StringComparer.Ordinal);
        for (var i = 0; i < s.Services.Count; i++)
        {
            var service = s.Services[i];
            var key = Key($"services[{i}]");
            if (string.IsNullOrEmpty(service.Name))
            {
                continue; // the reader already reported the missing name
            }

            if (!IsDnsLabel(service.Name, MaxServiceNameLength))
            {
                errors.Add(new($"{key}.name", service.Name,
                    $"a DNS-1123 label of at most {MaxServiceNameLength} characters (lowercase letters, digits and '-', starting with a letter); it names a namespace and the objects derived from it"));
            }
            else if (ReservedNamespaces.Contains(service.Name) || service.Name.StartsWith("kube-", StringComparison.Ordinal))
            {
                errors.Add(new($"{key}.name", service.Name, "a name that is not a system namespace (" + string.Join(", ", ReservedNamespaces) + ", kube-*)"));
            }
            else if (!names.Add(service.Name))
            {
                errors.Add(new($"{key}.name", service.Name, "a service name used once"));
            }
            else if (s.Cloud == Cloud.Gcp && service.Name == WorkloadIdentities.GcpNodeAccountSuffix)
            {
                errors.Add(new($"{key}.name", service.Name, $"a name other than '{WorkloadIdentities.GcpNodeAccountSuffix}' on gcp: oneq-<stack>-{WorkloadIdentities.GcpNodeAccountSuffix} is the GKE node service account"));
            }
            else if (!stackTooLong && IsDnsLabel(s.Stack, MaxStackNameLength) && WorkloadIdentities.NameOf(s, service.Name) is var identity
                && identity.Length > WorkloadIdentities.MaxLength(s.Cloud))
            {
                // Guardrail #19: the service's cloud identity is named oneq-<stack>-<service>; it is never truncated or
                // hashed, so a pair that does not fit is an error here rather than an unreadable name in IAM.
                var what = s.Cloud == Cloud.Aws ? "IAM role name" : "GCP service account id";
                errors.Add(new($"{key}.name", service.Name,
                    $"a name short enough that the service's {what} {identity} has at most {WorkloadIdentities.MaxLength(s.Cloud)} characters (it is oneq-<stack>-<service>; shorten the service or the stack name)"));
            }

            if (ProxyPorts.Contains(service.Port))
            {
                errors.Add(new($"{key}.port", Text(service.Port), "a port other than Linkerd's proxy ports 4140, 4143, 4190 and 4191"));
            }

            if (service.Quota is { } quota)
            {
                ValidateQuota(quota, $"services[{i}].quota", errors);
            }

            ValidateEgress(s, service, $"services[{i}].egress", errors);
        }
    }

    /// <summary>
    /// A service's extra egress: a CIDR in canonical form and a TCP port. It may not aim inside the network (calls
    /// between services go through the call matrix and the mesh) nor at link-local addresses (the node's metadata and
    /// credential endpoints: the service's own credential endpoint is opened for it, nothing else there); a range that
    /// contains the network, such as 0.0.0.0/0, is rendered with the network and link-local ranges excepted.
    /// </summary>
    private static void ValidateEgress(StackSettings s, ServiceSettings service, string key, List<ConfigError> errors)
    {
        IPNetwork? vpc = IPNetwork.TryParse(s.Network.Cidr, out var parsedVpc) ? parsedVpc : null;
        HashSet<EgressSettings> seen = [];
        for (var j = 0; j < service.Egress.Count; j++)
        {
            var egress = service.Egress[j];
            var at = $"{key}[{j}]";
            if (string.IsNullOrEmpty(egress.Cidr) || egress.Port == 0)
            {
                continue; // the reader reported it
            }

            if (!IPNetwork.TryParse(egress.Cidr, out var range) || range.ToString() != egress.Cidr)
            {
                errors.Add(new(Key($"{at}.cidr"), egress.Cidr, "a CIDR in canonical form (address bits past the prefix zero), such as 0.0.0.0/0 or 203.0.113.0/24"));
            }
            else if (vpc is { } network && Overlap(range, network) && !Contains(range, network))
            {
                errors.Add(new(Key($"{at}.cidr"), egress.Cidr,
                    $"a range outside network.cidr ({s.Network.Cidr}): services reach each other only through the call matrix (calls), never by egress"));
            }
            else if (Overlap(range, LinkLocal) && !Contains(range, LinkLocal))
            {
                errors.Add(new(Key($"{at}.cidr"), egress.Cidr,
                    "a range outside 169.254.0.0/16: link-local addresses are the node's metadata and credential endpoints; the service's own credential endpoint is opened for it"));
            }
            else if (!seen.Add(egress))
            {
                errors.Add(new(Key(at), $"{egress.Cidr}:{Text(egress.Port)}", "each destination once"));
            }
        }
    }

    private static readonly IPNetwork LinkLocal = IPNetwork.Parse("169.254.0.0/16");

    private static bool Overlap(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    private static bool Contains(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily && outer.PrefixLength <= inner.PrefixLength && outer.Contains(inner.BaseAddress);

    private static void ValidateCalls(StackSettings s, List<ConfigError> errors)
    {
        var known = s.Services.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var list = string.Join(", ", s.Services.Select(x => x.Name));
        HashSet<CallSettings> seen = [];
        for (var i = 0; i < s.Calls.Count; i++)
        {
            var call = s.Calls[i];
            var key = Key($"calls[{i}]");
            if (call.From.Length == 0 || call.To.Length == 0)
            {
                continue; // the reader already reported the missing or malformed call
            }

            if (!known.Contains(call.From))
            {
                errors.Add(new($"{key}.from", call.From, $"a declared service ({list})"));
            }

            if (!known.Contains(call.To))
            {
                errors.Add(new($"{key}.to", call.To, $"a declared service ({list})"));
            }

            if (call.From == call.To)
            {
                errors.Add(new($"{key}.to", call.To, "a service other than the caller (calls within a namespace need no declaration)"));
            }
            else if (!seen.Add(call))
            {
                errors.Add(new(key, call.ToString(), "each call declared once"));
            }
        }
    }

    /// <summary>
    /// Most hostnames in <c>ingress.hostnames</c>, all services together. The gateway gets an HTTPS listener per
    /// hostname (one certificate each) and may get a plain-HTTP one per hostname too, and a Gateway holds at most 64
    /// listeners (Gateway API v1.2.1 and v1.6.1 schemas, <c>spec.listeners</c> maxItems 64); 32 also stays under Let's
    /// Encrypt's 50 new certificates per registered domain per week (letsencrypt.org/docs/rate-limits).
    /// </summary>
    public const int MaxIngressHostnames = 32;

    /// <summary>Most hostnames of one service: an HTTPRoute holds at most 16 (Gateway API schemas, <c>spec.hostnames</c> maxItems 16).</summary>
    public const int MaxHostnamesPerService = 16;

    /// <summary>
    /// Most <c>ingress.sourceCidrs</c>. On AWS every range becomes an inbound rule of the load balancer's security group
    /// for each listener port (443 and 80), and a security group holds 60 inbound rules by default (Amazon VPC quotas,
    /// "Inbound or outbound rules per security group"); GKE turns them into one firewall rule's source ranges.
    /// </summary>
    public const int MaxIngressSourceCidrs = 30;

    /// <summary>
    /// <c>ingress</c>: present exactly when a service is public; a hostname for every public service and for nothing
    /// else; hostnames exact (no wildcard: one certificate per hostname), lowercase RFC 1123 names under
    /// <c>ingress.domain</c>, each used once; the zone written the way the stack's cloud names it; IPv4 source ranges;
    /// and production's rules: no plain-HTTP listener serving routes (guardrail EDGE-02, refused through its relaxation), trusted certificates, two replicas.
    /// </summary>
    private static void ValidateIngress(StackSettings s, List<ConfigError> errors)
    {
        var publicServices = s.Services.Where(x => x.Public && x.Name.Length > 0).Select(x => x.Name).ToList();
        var publicList = string.Join(", ", publicServices);
        if (s.Ingress is not { } ingress)
        {
            if (publicServices.Count > 0)
            {
                errors.Add(new(Key("ingress"), null,
                    $"the public entry of the public services ({publicList}): {{ domain, dnsZone, hostnames, acme: {{ email }} }}; a service marked public (services[].public) is reached only through it"));
            }

            return;
        }

        if (publicServices.Count == 0)
        {
            errors.Add(new(Key("ingress"), "a mapping",
                "no ingress when no service is public: mark the services to expose public (services[].public: true) or remove it (pulumi config rm oneq-order-infra:ingress)"));
        }

        var domainValid = ingress.Domain.Length == 0 || ValidateDomain(ingress.Domain, errors);
        ValidateDnsZone(s.Cloud, ingress.DnsZone, errors);
        ValidateHostnames(s, ingress, publicServices, domainValid, errors);
        ValidateSourceCidrs(ingress.SourceCidrs, errors);

        // Envoy Gateway runs only on the Kubernetes minors its release supports: an ingress on another one would put
        // an untested controller in front of every public service.
        var version = s.Cluster.KubernetesVersion;
        if (KubernetesVersion().IsMatch(version) && !Edge.EdgePlanner.EnvoyGatewayKubernetesVersions.Contains(version))
        {
            errors.Add(new(Key("cluster.kubernetesVersion"), version,
                $"a Kubernetes version Envoy Gateway {Rendering.ChartCatalogue.EnvoyGateway.Version} supports when the stack has an ingress ({string.Join(", ", Edge.EdgePlanner.EnvoyGatewayKubernetesVersions)}; envoyproxy/gateway compatibility matrix)"));
        }

        if (!SettingValues.IngressHttpModes.Contains(ingress.Http))
        {
            errors.Add(new(Key("ingress.http"), ingress.Http, string.Join(", ", SettingValues.IngressHttpModes.Take(2)) + " or " + SettingValues.IngressHttpModes[^1]));
        }

        // A production stack's `serve` is refused by the guardrail it relaxes (EDGE-02 through GuardrailEvaluator.Validate),
        // with the message every relaxation error has; a test stack may serve.

        if (ingress.Acme.Email.Length > 0 && !EmailAddress().IsMatch(ingress.Acme.Email))
        {
            errors.Add(new(Key("ingress.acme.email"), ingress.Acme.Email, "an email address such as platform@oneq.example (the ACME account's contact)"));
        }

        if (!SettingValues.AcmeServers.ContainsKey(ingress.Acme.Server))
        {
            errors.Add(new(Key("ingress.acme.server"), ingress.Acme.Server, string.Join(" or ", SettingValues.AcmeServers.Keys)));
        }
        else if (s.IsProduction && ingress.Acme.Server == "staging")
        {
            errors.Add(new(Key("ingress.acme.server"), ingress.Acme.Server,
                "production in a production stack: Let's Encrypt staging certificates chain to a root no browser or client trusts (letsencrypt.org/docs/staging-environment), so every client would refuse the connection"));
        }

        if (s.IsProduction && ingress.Replicas < 2)
        {
            errors.Add(new(Key("ingress.replicas"), Text(ingress.Replicas),
                $"at least 2 in production (at most {SettingsReader.MaxIngressReplicas}): the entry keeps serving while a node or a zone is lost or Envoy rolls an upgrade (the replicas are spread over the stack's zones)"));
        }
    }

    /// <summary>
    /// <c>ingress.domain</c>: a lowercase RFC 1123 name of at least two labels (a zone the organisation holds), not a
    /// wildcard and not an address (a top-level label is never all digits, RFC 3696 section 2). False when it is not.
    /// </summary>
    private static bool ValidateDomain(string domain, List<ConfigError> errors)
    {
        if (IsHostname(domain) && domain.Contains('.', StringComparison.Ordinal) && !domain[(domain.LastIndexOf('.') + 1)..].All(char.IsAsciiDigit))
        {
            return true;
        }

        errors.Add(new(Key("ingress.domain"), domain,
            "a lowercase DNS name of at least two labels such as oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all), not a wildcard or an IP address"));
        return false;
    }

    /// <summary>
    /// <c>ingress.dnsZone</c>, as each cloud names a zone. AWS: a Route 53 hosted zone id, at most 32 characters (Route 53
    /// API reference, HostedZone <c>Id</c>), which Route 53 writes as <c>Z</c> and uppercase letters and digits
    /// (e.g. <c>Z1D633PJN98FT9</c>), without the <c>/hostedzone/</c> prefix some API responses carry. GCP: a Cloud DNS
    /// managed zone name, 1 to 63 characters, beginning with a letter, ending with a letter or digit, only lowercase
    /// letters, digits or dashes (Cloud DNS API reference, ManagedZone <c>name</c>).
    /// </summary>
    private static void ValidateDnsZone(Cloud cloud, string zone, List<ConfigError> errors)
    {
        if (zone.Length == 0)
        {
            return; // the reader reported it
        }

        if (cloud == Cloud.Aws && !HostedZoneId().IsMatch(zone))
        {
            var bare = zone.StartsWith("/hostedzone/", StringComparison.Ordinal) ? $"; write it without /hostedzone/: {zone["/hostedzone/".Length..]}" : string.Empty;
            errors.Add(new(Key("ingress.dnsZone"), zone,
                $"a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and uppercase letters and digits, at most 32 characters; aws route53 list-hosted-zones-by-name){bare}"));
        }
        else if (cloud == Cloud.Gcp && !ManagedZoneName().IsMatch(zone))
        {
            errors.Add(new(Key("ingress.dnsZone"), zone,
                "a Cloud DNS managed zone name such as oneq-example (1 to 63 lowercase letters, digits or dashes, starting with a letter and ending with a letter or digit; gcloud dns managed-zones list), not the zone's DNS name"));
        }
    }

    /// <summary>
    /// <c>ingress.hostnames</c>: every public service has one to <see cref="MaxHostnamesPerService"/>, nothing else
    /// has any; each is an exact lowercase RFC 1123 name (the pattern and 253-character limit of Gateway API
    /// <c>Hostname</c>) equal to or under <c>ingress.domain</c>, used once across all services.
    /// </summary>
    private static void ValidateHostnames(StackSettings s, IngressSettings ingress, List<string> publicServices, bool domainValid, List<ConfigError> errors)
    {
        foreach (var service in publicServices.Where(name => !ingress.Hostnames.ContainsKey(name) || ingress.Hostnames[name].Count == 0))
        {
            errors.Add(new(Key($"ingress.hostnames.{service}"), ingress.Hostnames.ContainsKey(service) ? "an empty list" : null,
                $"at least one hostname for the public service {service}, e.g. [{service}.{(ingress.Domain.Length > 0 ? ingress.Domain : "oneq.example")}]"));
        }

        Dictionary<string, string> seen = new(StringComparer.Ordinal);
        foreach (var (service, hostnames) in ingress.Hostnames)
        {
            var key = Key($"ingress.hostnames.{service}");
            var index = s.Services.Select(x => x.Name).ToList().IndexOf(service);
            if (index < 0)
            {
                errors.Add(new(key, string.Join(", ", hostnames),
                    $"hostnames of a declared public service ({(publicServices.Count == 0 ? "none is public" : string.Join(", ", publicServices))}): {service} is not a service"));
                continue;
            }

            if (!s.Services[index].Public)
            {
                errors.Add(new(key, string.Join(", ", hostnames),
                    $"no hostnames: {service} is not public (services[{index}].public is false); make it public or remove its hostnames"));
                continue;
            }

            if (hostnames.Count > MaxHostnamesPerService)
            {
                errors.Add(new(key, $"{hostnames.Count} hostnames", $"at most {MaxHostnamesPerService} hostnames for one service (an HTTPRoute holds at most {MaxHostnamesPerService})"));
            }

            for (var j = 0; j < hostnames.Count; j++)
            {
                var hostname = hostnames[j];
                var at = $"{key}[{j}]";
                if (hostname.Length == 0)
                {
                    continue; // the reader reported an element that is not a string
                }

                if (hostname.StartsWith("*.", StringComparison.Ordinal))
                {
                    errors.Add(new(at, hostname,
                        "an exact hostname, not a wildcard: each hostname gets its own listener and certificate (ACME DNS-01), and a wildcard would route names no service declared"));
                }
                else if (!IsHostname(hostname))
                {
                    errors.Add(new(at, hostname,
                        "a lowercase DNS name such as order.oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all)"));
                }
                else if (domainValid && ingress.Domain.Length > 0 && hostname != ingress.Domain && !hostname.EndsWith("." + ingress.Domain, StringComparison.Ordinal))
                {
                    errors.Add(new(at, hostname,
                        $"ingress.domain ({ingress.Domain}) or a name under it (….{ingress.Domain}): the zone ingress.dnsZone serves only that domain, so no certificate or record could be made for another"));
                }
                else if (!seen.TryAdd(hostname, $"{service}[{j}]"))
                {
                    errors.Add(new(at, hostname,
                        $"a hostname used once (it is also ingress.hostnames.{seen[hostname]}): a hostname routes to one service"));
                }
            }
        }

        var total = ingress.Hostnames.Values.Sum(h => h.Count);
        if (total > MaxIngressHostnames)
        {
            errors.Add(new(Key("ingress.hostnames"), $"{total} hostnames",
                $"at most {MaxIngressHostnames} hostnames in all: a listener and a certificate each, within the Gateway's 64 listeners and Let's Encrypt's 50 new certificates per domain a week"));
        }
    }

    /// <summary>
    /// <c>ingress.sourceCidrs</c>: at least one IPv4 range in canonical form, each once. IPv4 only: the network
    /// (<c>network.cidr</c>) and the load balancers in front of it are IPv4-only, so an IPv6 range could never match.
    /// </summary>
    private static void ValidateSourceCidrs(IReadOnlyList<string> cidrs, List<ConfigError> errors)
    {
        if (cidrs.Count == 0)
        {
            errors.Add(new(Key("ingress.sourceCidrs"), "an empty list",
                "at least one IPv4 CIDR (0.0.0.0/0, the default, for the whole internet): an empty list would admit no one"));
        }
        else if (cidrs.Count > MaxIngressSourceCidrs)
        {
            errors.Add(new(Key("ingress.sourceCidrs"), $"{cidrs.Count} ranges",
                $"at most {MaxIngressSourceCidrs} ranges: on AWS each is a security group rule per listener port, and a security group holds 60 inbound rules"));
        }

        HashSet<string> seen = new(StringComparer.Ordinal);
        for (var i = 0; i < cidrs.Count; i++)
        {
            var cidr = cidrs[i];
            var key = Key($"ingress.sourceCidrs[{i}]");
            if (cidr.Length == 0)
            {
                continue; // the reader reported an element that is not a string
            }

            if (!Cidr.TryParse(cidr, out _))
            {
                errors.Add(new(key, cidr, IPNetwork.TryParse(cidr, out var v6) && v6.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                    ? "an IPv4 CIDR: the network and its load balancer are IPv4-only, so an IPv6 range would never match"
                    : "an IPv4 CIDR in canonical form (address bits past the prefix zero), such as 203.0.113.0/24 or 0.0.0.0/0"));
            }
            else if (!seen.Add(cidr))
            {
                errors.Add(new(key, cidr, "each range once"));
            }
        }
    }

    /// <summary>A lowercase RFC 1123 hostname as Gateway API's <c>Hostname</c> type takes it (no wildcard): labels of 1 to 63, 253 in all.</summary>
    internal static bool IsHostname(string name) =>
        name.Length <= 253 && Hostname().IsMatch(name) && name.Split('.').All(label => label.Length <= 63);

    private static void ValidateQuota(QuotaSettings quota, string key, List<ConfigError> errors)
    {
        CheckQuantity(quota.Cpu, $"{key}.cpu", errors);
        CheckQuantity(quota.Memory, $"{key}.memory", errors);
    }

    private static void ValidateResources(ResourceSettings r, string key, List<ConfigError> errors)
    {
        var cpuRequest = CheckQuantity(r.CpuRequest, $"{key}.cpuRequest", errors);
        var memoryRequest = CheckQuantity(r.MemoryRequest, $"{key}.memoryRequest", errors);
        var cpuLimit = CheckQuantity(r.CpuLimit, $"{key}.cpuLimit", errors);
        var memoryLimit = CheckQuantity(r.MemoryLimit, $"{key}.memoryLimit", errors);
        if (cpuRequest is { } cr && cpuLimit is { } cl && cr > cl)
        {
            errors.Add(new(Key($"{key}.cpuRequest"), r.CpuRequest, $"at most cpuLimit ({r.CpuLimit})"));
        }

        if (memoryRequest is { } mr && memoryLimit is { } ml && mr > ml)
        {
            errors.Add(new(Key($"{key}.memoryRequest"), r.MemoryRequest, $"at most memoryLimit ({r.MemoryLimit})"));
        }
    }

    /// <summary>Parses a Kubernetes quantity with the KubernetesClient model (the same rules the API server applies).</summary>
    private static decimal? CheckQuantity(string text, string key, List<ConfigError> errors)
    {
        try
        {
            var value = new ResourceQuantity(text).ToDecimal();
            if (value > 0)
            {
                return value;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            // reported below
        }

        errors.Add(new(Key(key), text, "a positive Kubernetes quantity such as 500m, 2 or 512Mi"));
        return null;
    }

    /// <summary>
    /// Stack names that must be production stacks: <c>prod</c>, <c>production</c>, and either followed by <c>-</c>
    /// (<c>prod-eu</c>). Not every name starting with "prod": <c>product-demo</c> is free to be a test stack.
    /// </summary>
    public static bool IsProductionName(string stack) =>
        stack is "prod" or "production"
        || stack.StartsWith("prod-", StringComparison.Ordinal)
        || stack.StartsWith("production-", StringComparison.Ordinal);

    internal static bool IsDnsLabel(string name, int maxLength) =>
        name.Length <= maxLength && DnsLabel().IsMatch(name);

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    /// <summary>
    /// <c>cluster.admins</c> and <c>cluster.previewers</c>. AWS: an EKS access entry's principal is an IAM role or user
    /// ARN (EKS API reference, CreateAccessEntry <c>principalArn</c>); an STS session ARN
    /// (<c>arn:aws:sts::…:assumed-role/R/session</c>) is what <c>aws sts get-caller-identity</c> prints and changes every
    /// session, so it is refused with the role's ARN as the fix. GCP: an IAM policy member (IAM docs, "Principal
    /// identifiers": <c>user:</c>, <c>serviceAccount:</c>, <c>group:</c> followed by an email address).
    /// </summary>
    private static void ValidatePrincipals(StackSettings s, List<ConfigError> errors)
    {
        var c = s.Cluster;
        var (expected, pattern) = s.Cloud == Cloud.Aws
            ? ("an IAM role or user ARN such as arn:aws:iam::123456789012:role/oneq-deploy (EKS access entry principal)", AwsPrincipal())
            : ("an IAM member such as serviceAccount:deploy@my-project.iam.gserviceaccount.com, user:ops@example.com or group:ops@example.com", GcpPrincipal());
        if (c.Admins.Count == 0)
        {
            errors.Add(new(Key("cluster.admins"), null,
                $"at least one principal that administers the cluster ({expected}): the CI deploy identity, named here rather than taken from whoever runs pulumi up"));
        }

        HashSet<string> admins = new(StringComparer.Ordinal);
        foreach (var (list, key) in new[] { (c.Admins, "cluster.admins"), (c.Previewers, "cluster.previewers") })
        {
            HashSet<string> seen = new(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var value = list[i];
                if (!pattern.IsMatch(value))
                {
                    var session = AwsSession().Match(value);
                    errors.Add(new(Key($"{key}[{i}]"), value, s.Cloud == Cloud.Aws && session.Success
                        ? $"the role's ARN, arn:{session.Groups[1].Value}:iam::{session.Groups[2].Value}:role/{session.Groups[3].Value}, not an STS session ARN (it changes every session)"
                        : expected));
                }
                else if (!seen.Add(value))
                {
                    errors.Add(new(Key($"{key}[{i}]"), value, "each principal listed once"));
                }
                else if (key == "cluster.previewers" && admins.Contains(value))
                {
                    errors.Add(new(Key($"{key}[{i}]"), value, "a principal that is not also in cluster.admins: a preview identity must not be able to change the cluster"));
                }
            }

            if (key == "cluster.admins")
            {
                admins.UnionWith(seen);
            }
        }
    }

    /// <summary>
    /// <c>cluster.ciRunner</c>: CodeBuild takes a GitHub repository's HTTPS URL as the project's source location, and a
    /// CodeConnections connection ARN as a <c>CODECONNECTIONS</c> source credential (AWS CodeBuild docs, "Tutorial:
    /// Configure a CodeBuild-hosted GitHub Actions runner"; CodeBuild API ImportSourceCredentials). The older
    /// <c>codestar-connections</c> service prefix is accepted too.
    /// </summary>
    private static void ValidateCiRunner(StackSettings s, List<ConfigError> errors)
    {
        if (s.Cluster.CiRunner is not { } runner)
        {
            return;
        }

        if (runner.Repository.Length > 0 && !GitHubRepository().IsMatch(runner.Repository))
        {
            errors.Add(new(Key("cluster.ciRunner.repository"), runner.Repository, "a GitHub repository URL such as https://github.com/oneq/oneq-order-infra (no .git, no trailing slash)"));
        }

        if (runner.ConnectionArn.Length > 0 && !ConnectionArn().IsMatch(runner.ConnectionArn))
        {
            errors.Add(new(Key("cluster.ciRunner.connectionArn"), runner.ConnectionArn, "an AWS CodeConnections connection ARN such as arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0123abcd-0123-4567-89ab-0123456789ab"));
        }
    }

    [GeneratedRegex(@"^https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+(?<!\.git)$")]
    private static partial Regex GitHubRepository();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:connection/[0-9a-f-]{36}$")]
    private static partial Regex ConnectionArn();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]{1,512}$")]
    private static partial Regex AwsPrincipal();

    [GeneratedRegex(@"^arn:(aws|aws-cn|aws-us-gov):sts::([0-9]{12}):assumed-role/([A-Za-z0-9+=,.@_-]+)/.+$")]
    private static partial Regex AwsSession();

    [GeneratedRegex(@"^(user|serviceAccount|group):[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}$")]
    private static partial Regex GcpPrincipal();

    [GeneratedRegex(@"^gke-security-groups@([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex RbacGroup();

    [GeneratedRegex(@"^1\.(3\d|[4-9]\d)$")]
    private static partial Regex KubernetesVersion();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Hostname();

    [GeneratedRegex("^Z[A-Z0-9]{1,31}$")]
    private static partial Regex HostedZoneId();

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex ManagedZoneName();

    [GeneratedRegex(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex("^([0-9]+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex PrometheusDuration();
}
