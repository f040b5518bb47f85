using System.Globalization;
using System.Net;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;
using k8s.Models;

namespace OneQOrder.Platform.Guardrails;

/// <summary>
/// The checks of the in-cluster controls. Each reads the objects and Helm values the plan applies
/// (<see cref="GuardrailContext.InCluster"/>) and compares them with what the settings declare (services, calls,
/// quotas, the cluster's Kubernetes version); none restates a setting as its verdict. The detail names what was read.
/// </summary>
public static partial class GuardrailCatalogue
{
    private const string PodSecurityPrefix = "pod-security.kubernetes.io/";
    private const string InjectAnnotation = "linkerd.io/inject";
    private const string InboundPolicyAnnotation = "config.linkerd.io/default-inbound-policy";

    private static readonly string[] PodSecurityModes = ["enforce", "audit", "warn"];

    /// <summary>Service types that open a port outside the cluster network (kubernetes.io/docs/concepts/services-networking/service).</summary>
    private static readonly string[] ExposingServiceTypes = ["LoadBalancer", "NodePort"];

    /// <summary>The kube-prometheus-stack components with a Service of their own (chart values <c>&lt;component&gt;.service.type</c>).</summary>
    private static readonly string[] MonitoringComponents = ["prometheus", "grafana", "alertmanager", "prometheusOperator"];

    /// <summary>
    /// linkerd-control-plane's values-ha.yaml (chart 2026.8.3) without its resource figures, which the stack's proxy
    /// settings size: what an HA control plane must carry. MeshTests compares this list with the pinned chart's file.
    /// </summary>
    internal static IReadOnlyList<(string Path, object Value)> LinkerdHaValues { get; } =
    [
        ("controller.podDisruptionBudget.maxUnavailable", 1),
        ("controllerReplicas", 3),
        ("deploymentStrategy.rollingUpdate.maxSurge", "25%"),
        ("deploymentStrategy.rollingUpdate.maxUnavailable", 1),
        ("enablePodAntiAffinity", true),
        ("enablePodDisruptionBudget", true),
        ("highAvailability", true),
        ("webhookFailurePolicy", "Fail"),
    ];

    /// <summary>linkerd-viz's HA switches (its chart has no values-ha.yaml; the same keys as the control plane's).</summary>
    private static readonly string[] VizHaKeys = ["enablePodAntiAffinity", "enablePodDisruptionBudget"];

    // ── Network & namespaces ────────────────────────────────────────────────────────────────────

    private static GuardrailCheck DefaultDenyWithExplicitAllows(GuardrailContext c)
    {
        var problems = new List<string>();
        var policies = NetworkPolicies(c.Objects);
        var isolated = c.Tenants.Tenants.Select(t => t.Namespace).Append(PlatformNamespaces.Monitoring).ToList();
        problems.AddRange(isolated
            .Where(ns => !policies.Any(p => p.Metadata?.NamespaceProperty == ns && IsDefaultDeny(p)))
            .Select(ns => $"{ns} has no default-deny NetworkPolicy (podSelector {{}}, policyTypes [Ingress, Egress], no rules)"));

        var net = new Reach(c, policies);
        var undeclared = 0;
        foreach (var caller in c.Tenants.Tenants)
        {
            foreach (var callee in c.Tenants.Tenants)
            {
                var declared = caller != callee && c.Tenants.Allows(caller.Name, callee.Name);
                undeclared += declared ? 0 : 1;
                if (!declared && net.Allows(caller.Namespace, callee.Namespace, PlatformPorts.ProxyInbound))
                {
                    problems.Add($"{caller.Name} -> {callee.Name} is open on {PlatformPorts.ProxyInbound} but not a declared call");
                }

                if (net.Allows(caller.Namespace, callee.Namespace, callee.Port))
                {
                    problems.Add($"{caller.Name} -> {callee.Name} is open on the application port {callee.Port} (meshed traffic arrives on {PlatformPorts.ProxyInbound} only)");
                }
            }

            foreach (var protocol in new[] { "UDP", "TCP" })
            {
                if (!net.Allows(caller.Namespace, PlatformNamespaces.KubeSystem, PlatformPorts.Dns, protocol))
                {
                    problems.Add($"{caller.Name} cannot reach DNS in {PlatformNamespaces.KubeSystem} on {PlatformPorts.Dns}/{protocol}");
                }
            }

            foreach (var port in new[] { PlatformPorts.Prometheus, PlatformPorts.PrometheusOperatorWebhook })
            {
                if (net.Allows(caller.Namespace, PlatformNamespaces.Monitoring, port))
                {
                    problems.Add($"{caller.Name} reaches {PlatformNamespaces.Monitoring} on {port}");
                }
            }
        }

        if (!net.AllowsFromApiServer(PlatformNamespaces.Monitoring, PlatformPorts.PrometheusOperatorWebhook))
        {
            problems.Add($"the API server cannot reach the operator webhook {PlatformPorts.PrometheusOperatorWebhook} in {PlatformNamespaces.Monitoring}");
        }

        return GuardrailCheck.FromProblems(problems,
            $"read {policies.Count} NetworkPolicies: default-deny (podSelector {{}}, Ingress+Egress) in {string.Join(", ", isolated)}; " +
            $"{undeclared} undeclared service pairs closed on {PlatformPorts.ProxyInbound} and no application port open; DNS to {PlatformNamespaces.KubeSystem}:{PlatformPorts.Dns}; " +
            $"{PlatformNamespaces.Monitoring} closed to service pods, open to the API server ({string.Join(", ", PodNetworks.ApiServerOf(c.Network))}) on the operator webhook {PlatformPorts.PrometheusOperatorWebhook}");
    }

    private static GuardrailCheck DedicatedNamespaces(GuardrailContext c)
    {
        var problems = new List<string>();
        foreach (var tenant in c.Tenants.Tenants)
        {
            var objects = c.Objects.Of(tenant.Name);
            if (objects.OfType<V1Namespace>().Count(n => n.Metadata?.Name == tenant.Namespace) != 1)
            {
                problems.Add($"no Namespace {tenant.Namespace} among its objects");
            }

            problems.AddRange(objects.Where(o => !ManifestObjects.IsClusterScoped(o) && ManifestObjects.Metadata(o).NamespaceProperty != tenant.Namespace)
                .Select(o => $"{Describe(o)} is rendered with {tenant.Name}'s objects but in namespace '{ManifestObjects.Metadata(o).NamespaceProperty}'"));
        }

        problems.AddRange(c.Objects.Monitoring
            .Where(o => !ManifestObjects.IsClusterScoped(o) && ManifestObjects.Metadata(o).NamespaceProperty != c.InCluster.Monitoring.Namespace)
            .Select(o => $"{Describe(o)} is rendered with monitoring's objects but in namespace '{ManifestObjects.Metadata(o).NamespaceProperty}'"));
        var used = c.Objects.All
            .Select(o => o is V1Namespace n ? n.Metadata?.Name : ManifestObjects.IsClusterScoped(o) ? null : ManifestObjects.Metadata(o).NamespaceProperty)
            .Concat(c.InCluster.Releases.Select(r => r.Namespace))
            .Where(ns => ns is not null)
            .Distinct()
            .ToList();
        problems.AddRange(used.Where(ns => ns is "default" || ns!.StartsWith("kube-", StringComparison.Ordinal))
            .Select(ns => $"an object or release is placed in the system namespace {ns}"));

        return GuardrailCheck.FromProblems(problems,
            $"each service's objects are in its own namespace ({c.ServiceNames}); objects and releases use only {string.Join(", ", used)}; nothing in default or kube-*");
    }

    private static GuardrailCheck RestrictedPodSecurity(GuardrailContext c)
    {
        var version = PodSecurity.VersionOf(c.Cluster.KubernetesVersion);
        var problems = new List<string>();
        foreach (var tenant in c.Tenants.Tenants)
        {
            var ns = NamespaceObject(c.Objects.Of(tenant.Name), tenant.Namespace);
            problems.AddRange(PodSecurityProblems(ns, tenant.Namespace, PodSecurityModes.ToDictionary(m => m, _ => "restricted"), version));
        }

        return GuardrailCheck.FromProblems(problems, $"Namespace labels of {c.ServiceNames}: enforce, audit and warn = restricted, each version pinned to {version}");
    }

    private static GuardrailCheck NoTokenAutomount(GuardrailContext c)
    {
        var problems = new List<string>();
        foreach (var tenant in c.Tenants.Tenants)
        {
            var accounts = c.Objects.Of(tenant.Name).OfType<V1ServiceAccount>().Select(a => a.Metadata?.Name).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(new[] { "default", tenant.ServiceAccount }.Where(name => !accounts.Contains(name))
                .Select(name => $"no ServiceAccount {tenant.Namespace}/{name}"));
        }

        var all = c.Objects.All.OfType<V1ServiceAccount>().ToList();
        problems.AddRange(all.Where(a => a.AutomountServiceAccountToken != false)
            .Select(a => $"ServiceAccount {a.Metadata?.NamespaceProperty}/{a.Metadata?.Name} has automountServiceAccountToken {(a.AutomountServiceAccountToken is null ? "unset (defaults to true)" : "true")}"));

        return GuardrailCheck.FromProblems(problems, $"{all.Count} ServiceAccounts (default and the service's own in each of {c.ServiceNames}), each automountServiceAccountToken=false");
    }

    private static GuardrailCheck LeastPrivilegeRbac(GuardrailContext c)
    {
        var problems = new List<string>();
        var rbac = c.Objects.All.Where(o => ManifestObjects.Kind(o) is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding").ToList();
        foreach (var o in rbac)
        {
            var rules = o switch
            {
                V1Role r => r.Rules ?? [],
                V1ClusterRole r => r.Rules ?? [],
                _ => [],
            };
            if (rules.Any(r => new[] { r.Verbs, r.Resources, r.ApiGroups }.Any(list => list?.Contains("*") == true)))
            {
                problems.Add($"{Describe(o)} has a wildcard rule");
            }

            if (rules.Any(r => r.Resources?.Contains("secrets") == true))
            {
                problems.Add($"{Describe(o)} grants access to secrets");
            }

            var roleRef = o switch
            {
                V1RoleBinding b => b.RoleRef,
                V1ClusterRoleBinding b => b.RoleRef,
                _ => null,
            };
            if (roleRef?.Name == "cluster-admin")
            {
                problems.Add($"{Describe(o)} binds cluster-admin");
            }
        }

        return GuardrailCheck.FromProblems(problems, rbac.Count == 0
            ? $"no Role, ClusterRole, RoleBinding or ClusterRoleBinding among the {c.Objects.All.Count} rendered objects: service ServiceAccounts hold no API permissions; chart RBAC is upstream's"
            : $"{string.Join(", ", rbac.Select(Describe))}: no wildcard, no secrets, no cluster-admin");
    }

    private static GuardrailCheck QuotaAndLimits(GuardrailContext c)
    {
        var defaults = c.Settings.Namespaces.ContainerDefaults;
        var problems = new List<string>();
        var shown = new List<(string Namespace, string Quota)>();
        foreach (var tenant in c.Tenants.Tenants)
        {
            var objects = c.Objects.Of(tenant.Name);
            var quota = objects.OfType<V1ResourceQuota>().FirstOrDefault(q => q.Metadata?.NamespaceProperty == tenant.Namespace);
            var expected = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["limits.cpu"] = tenant.Quota.Cpu, ["requests.cpu"] = tenant.Quota.Cpu,
                ["limits.memory"] = tenant.Quota.Memory, ["requests.memory"] = tenant.Quota.Memory,
                ["pods"] = Text(tenant.Quota.Pods),
            };
            if (quota is null)
            {
                problems.Add($"no ResourceQuota in {tenant.Namespace}");
            }
            else
            {
                problems.AddRange(expected.Where(e => !SameQuantity(quota.Spec?.Hard, e.Key, e.Value))
                    .Select(e => $"ResourceQuota {tenant.Namespace}/{quota.Metadata?.Name} {e.Key} is {Quantity(quota.Spec?.Hard, e.Key) ?? "unset"}, expected {e.Value}"));
            }

            var limits = objects.OfType<V1LimitRange>().FirstOrDefault(l => l.Metadata?.NamespaceProperty == tenant.Namespace)?
                .Spec?.Limits?.FirstOrDefault(l => l.Type == "Container");
            if (limits is null)
            {
                problems.Add($"no LimitRange with Container defaults in {tenant.Namespace}");
            }
            else if (!SameQuantity(limits.DefaultRequest, "cpu", defaults.CpuRequest) || !SameQuantity(limits.DefaultRequest, "memory", defaults.MemoryRequest)
                || !SameQuantity(limits.DefaultProperty, "cpu", defaults.CpuLimit) || !SameQuantity(limits.DefaultProperty, "memory", defaults.MemoryLimit))
            {
                problems.Add($"LimitRange in {tenant.Namespace} does not give containers {defaults.CpuRequest}/{defaults.MemoryRequest} requested, {defaults.CpuLimit}/{defaults.MemoryLimit} limit");
            }

            if (quota is not null)
            {
                shown.Add((tenant.Namespace, $"cpu {Quantity(quota.Spec?.Hard, "limits.cpu")}, memory {Quantity(quota.Spec?.Hard, "limits.memory")}, {Quantity(quota.Spec?.Hard, "pods")} pods"));
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"ResourceQuota (requests and limits) {string.Join("; ", shown.GroupBy(q => q.Quota).Select(g => $"{g.Key} in {string.Join(", ", g.Select(q => q.Namespace))}"))}; LimitRange in each: container defaults {defaults.CpuRequest}/{defaults.MemoryRequest} requested, {defaults.CpuLimit}/{defaults.MemoryLimit} limit");
    }

    private static GuardrailCheck NoSecretsInEnvironment(GuardrailContext c)
    {
        var problems = new List<string>();
        var workloads = 0;
        foreach (var o in c.Objects.All)
        {
            if (PodSpecOf(o) is not { } pod)
            {
                continue;
            }

            workloads++;
            var containers = (pod.Containers ?? []).Concat(pod.InitContainers ?? []);
            problems.AddRange(containers
                .Where(k => (k.Env ?? []).Any(e => e.ValueFrom?.SecretKeyRef is not null) || (k.EnvFrom ?? []).Any(e => e.SecretRef is not null))
                .Select(k => $"{Describe(o)} container {k.Name} reads a Secret into its environment"));
        }

        foreach (var release in c.InCluster.Releases)
        {
            problems.AddRange(Paths(release.Values)
                .Where(p => p.Path[^1] is "secretKeyRef" or "secretRef"
                    || (p.Path is ["grafana", "envFromSecret" or "envFromSecrets" or "envValueFrom"] && !IsEmpty(p.Value)))
                .Select(p => $"{release.Name} values {string.Join('.', p.Path)} read a Secret into the environment"));
        }

        var grafanaSecret = At(c.InCluster.Monitoring.Values, "grafana", "admin", "existingSecret") as string;
        return GuardrailCheck.FromProblems(problems,
            $"{workloads} workloads rendered, none reads a Secret into env; no Helm value sets secretKeyRef, secretRef or grafana env from a Secret" +
            (string.IsNullOrEmpty(grafanaSecret) ? string.Empty : $"; exception: the grafana chart reads admin.existingSecret {grafanaSecret} into GF_SECURITY_ADMIN_USER/PASSWORD (upstream)"));
    }

    // ── Mesh ────────────────────────────────────────────────────────────────────────────────────

    private static GuardrailCheck MeshedInCniMode(GuardrailContext c)
    {
        var problems = new List<string>();
        foreach (var tenant in c.Tenants.Tenants)
        {
            var ns = NamespaceObject(c.Objects.Of(tenant.Name), tenant.Namespace);
            if (Annotation(ns?.Metadata, InjectAnnotation) != "enabled")
            {
                problems.Add($"Namespace {tenant.Namespace} has {InjectAnnotation}={Annotation(ns?.Metadata, InjectAnnotation) ?? "(none)"}");
            }
        }

        var releases = c.InCluster.Mesh.Releases.Select(r => r.Chart.Name).ToList();
        var cni = releases.IndexOf(ChartCatalogue.LinkerdCni.Name);
        var controlPlane = releases.IndexOf(ChartCatalogue.LinkerdControlPlane.Name);
        if (controlPlane < 0)
        {
            problems.Add("no linkerd-control-plane release");
        }
        else if (!SameValue(At(c.InCluster.Mesh.Releases[controlPlane].Values, "cniEnabled"), true))
        {
            problems.Add("linkerd-control-plane values do not set cniEnabled=true, so injected pods need linkerd-init (NET_ADMIN), which restricted refuses");
        }

        if (cni < 0 || cni > controlPlane)
        {
            problems.Add($"no {ChartCatalogue.LinkerdCni.Name} release installed before the control plane");
        }

        return GuardrailCheck.FromProblems(problems, $"{InjectAnnotation}=enabled on the Namespace objects of {c.ServiceNames}; linkerd-control-plane cniEnabled=true after the {ChartCatalogue.LinkerdCni.Name} release");
    }

    private static GuardrailCheck LinkerdHighlyAvailable(GuardrailContext c)
    {
        var problems = new List<string>();
        var controlPlane = c.InCluster.Mesh.Releases.FirstOrDefault(r => r.Chart.Name == ChartCatalogue.LinkerdControlPlane.Name)?.Values ?? HelmValues.Empty;
        problems.AddRange(LinkerdHaValues.Where(v => !SameValue(At(controlPlane, v.Path.Split('.')), v.Value))
            .Select(v => $"linkerd-control-plane {v.Path} is {Show(At(controlPlane, v.Path.Split('.')))}, values-ha.yaml has {Show(v.Value)}"));
        var viz = c.InCluster.Mesh.Releases.FirstOrDefault(r => r.Chart.Name == ChartCatalogue.LinkerdViz.Name)?.Values ?? HelmValues.Empty;
        problems.AddRange(VizHaKeys.Where(k => !SameValue(At(viz, k), true))
            .Select(k => $"linkerd-viz {k} is {Show(At(viz, k))}"));

        return GuardrailCheck.FromProblems(problems,
            $"linkerd-control-plane values: {string.Join(", ", LinkerdHaValues.Select(v => $"{v.Path}={Show(v.Value)}"))} (values-ha.yaml); " +
            $"linkerd-viz anti-affinity and PodDisruptionBudgets; nodes over {c.Cluster.NodeZones.Count} zone(s)");
    }

    private static GuardrailCheck AuthenticatedInboundAndPerServiceAuthorization(GuardrailContext c)
    {
        var authorization = PerServiceAuthorization(c);
        var declared = DenyByDefaultWithDeclaredPorts(c);
        return authorization.Holds && declared.Holds
            ? new(true, $"{authorization.Detail}; {declared.Detail}")
            : new(false, string.Join("; ", new[] { authorization, declared }.Where(x => !x.Holds).Select(x => x.Detail)));
    }

    private static GuardrailCheck PerServiceAuthorization(GuardrailContext c)
    {
        var problems = new List<string>();
        var controlPlane = c.InCluster.Mesh.Releases.FirstOrDefault(r => r.Chart.Name == ChartCatalogue.LinkerdControlPlane.Name)?.Values ?? HelmValues.Empty;
        var clusterDefault = At(controlPlane, "proxy", "defaultInboundPolicy") as string;
        if (clusterDefault is null || !StrictInboundPolicies.Contains(clusterDefault))
        {
            problems.Add($"linkerd-control-plane proxy.defaultInboundPolicy is {clusterDefault ?? "unset"}");
        }

        var policies = new List<string>();
        foreach (var tenant in c.Tenants.Tenants)
        {
            var objects = c.Objects.Of(tenant.Name);
            var inbound = Annotation(NamespaceObject(objects, tenant.Namespace)?.Metadata, InboundPolicyAnnotation);
            policies.Add($"{tenant.Namespace}={inbound}");
            if (inbound is null || !StrictInboundPolicies.Contains(inbound))
            {
                problems.Add($"Namespace {tenant.Namespace} has {InboundPolicyAnnotation}={inbound ?? "(none)"}");
            }

            var servers = objects.OfType<LinkerdServer>().Where(s => s.Spec.Port?.Value == Text(tenant.Port)).ToList();
            if (servers.Count == 0)
            {
                problems.Add($"no Server on {tenant.Name}'s port {tenant.Port}");
                continue;
            }

            // A public service's declared callers include the gateway when the plan applies one (issue 12): its Envoy
            // pods' identity, which the edge's EnvoyProxy names.
            var expected = c.Tenants.CallersOf(tenant.Name).Select(t => t.MeshIdentity)
                .Concat(c.InCluster.Edge is not null && tenant.Public ? [ServiceNamespaces.GatewayIdentity] : [])
                .Order(StringComparer.Ordinal).ToList();
            foreach (var server in servers)
            {
                if (server.Spec.AccessPolicy != "deny")
                {
                    problems.Add($"Server {tenant.Namespace}/{server.Metadata.Name} accessPolicy is {server.Spec.AccessPolicy}");
                }

                var admitted = Admitted(objects, server.Metadata.Name);
                if (admitted is null)
                {
                    problems.Add($"Server {tenant.Namespace}/{server.Metadata.Name} is authorized without an mTLS identity");
                }
                else if (!admitted.SequenceEqual(expected, StringComparer.Ordinal))
                {
                    problems.Add($"Server {tenant.Namespace}/{server.Metadata.Name} admits [{string.Join(", ", admitted)}], declared callers are [{string.Join(", ", expected)}]");
                }
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"{InboundPolicyAnnotation} {string.Join(", ", policies)}, proxy.defaultInboundPolicy={clusterDefault}; each service's Server (accessPolicy deny) " +
            $"admits exactly its declared callers' mTLS identities through AuthorizationPolicy + MeshTLSAuthentication ({c.Tenants.Calls.Count} calls)");
    }

    /// <summary>
    /// MESH-03's strict half, from the rendered objects: each service namespace of a production stack defaults to deny
    /// (a test stack: all-authenticated or deny, as <see cref="PerServiceAuthorization"/> checks), declares a Server for its port and
    /// the proxy admin port, attaches no HTTPRoute (which would stop the policy controller authorizing the pod's
    /// probe paths), and, evaluated with <see cref="LinkerdInboundEvaluator"/>, refuses a declared caller on a port no
    /// Server declares while admitting it on the service port.
    /// </summary>
    private static GuardrailCheck DenyByDefaultWithDeclaredPorts(GuardrailContext c)
    {
        var problems = new List<string>();
        var controlPlane = c.InCluster.Mesh.Releases.FirstOrDefault(r => r.Chart.Name == ChartCatalogue.LinkerdControlPlane.Name)?.Values ?? HelmValues.Empty;
        if (At(controlPlane, "policyController", "probeNetworks") is { } probeNetworks)
        {
            problems.Add($"linkerd-control-plane policyController.probeNetworks is set ({Show(probeNetworks)}): kubelet probes are authorized only from there");
        }

        foreach (var tenant in c.Tenants.Tenants)
        {
            var objects = c.Objects.Of(tenant.Name);
            var inbound = Annotation(NamespaceObject(objects, tenant.Namespace)?.Metadata, InboundPolicyAnnotation);
            if (c.Settings.IsProduction && inbound != "deny")
            {
                problems.Add($"Namespace {tenant.Namespace} has {InboundPolicyAnnotation}={inbound ?? "(none)"} in production, not deny");
            }

            var ports = objects.OfType<LinkerdServer>().Select(s => s.Spec.Port?.Value).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(new[] { Text(tenant.Port), PlatformPorts.ProxyAdminName }.Where(p => !ports.Contains(p))
                .Select(p => $"no Server on {tenant.Namespace}'s port {p}"));
            problems.AddRange(objects.Where(o => ManifestObjects.Kind(o) is "HTTPRoute" or "GRPCRoute")
                .Select(o => $"{ManifestObjects.Kind(o)} {tenant.Namespace}/{ManifestObjects.Metadata(o).Name} stops the default authorization of kubelet probes on its Server"));

            var callers = c.Tenants.CallersOf(tenant.Name);
            var caller = callers.Count > 0 ? callers[0] : null;
            var undeclared = tenant.Port == UndeclaredPort ? UndeclaredPort - 1 : UndeclaredPort;
            if (caller is not null && inbound == "deny")
            {
                var evaluator = new LinkerdInboundEvaluator(inbound, objects);
                var client = new InboundClient(caller.MeshIdentity, System.Net.IPAddress.Any);
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                if (evaluator.Allows(client, new InboundPort(undeclared), labels))
                {
                    problems.Add($"{caller.Name} reaches {tenant.Namespace} on undeclared port {undeclared}");
                }

                if (!evaluator.Allows(client, new InboundPort(tenant.Port), labels))
                {
                    problems.Add($"{caller.Name} is refused on {tenant.Namespace}'s port {tenant.Port}");
                }
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"Servers on each service port and {PlatformPorts.ProxyAdminName}, no HTTPRoute (probes stay authorized)" +
            (c.Tenants.Tenants.All(t => Annotation(NamespaceObject(c.Objects.Of(t.Name), t.Namespace)?.Metadata, InboundPolicyAnnotation) == "deny")
                ? $"; deny by default: a declared caller is refused on undeclared port {UndeclaredPort}"
                : "; all-authenticated (test stack): a meshed caller reaches a port no Server declares"));
    }

    /// <summary>A port no service declares, which a declared caller must not reach (MESH-03).</summary>
    private const int UndeclaredPort = 9999;

    /// <summary>
    /// WI-02, by evaluating the rendered NetworkPolicies: each service reaches its cloud's credential endpoints on
    /// their port and nothing else link-local (not the EC2 instance metadata service, not the other cloud's agent, not
    /// the endpoint on another port), and a public destination only when <c>services[].egress</c> declares it.
    /// </summary>
    private static GuardrailCheck CredentialEgressExactly(GuardrailContext c)
    {
        var problems = new List<string>();
        var endpoints = c.Gcp ? GcpWorkloadIdentity.MetadataServer : AwsPodIdentity.PodIdentityAgent;
        var closed = new List<(string Address, int Port)> { ("169.254.169.254", c.Gcp ? 8080 : 80), ("169.254.170.23", c.Gcp ? 80 : 8080), ("169.254.169.252", 988), ("169.254.1.1", 80) };
        closed.AddRange(endpoints.Select(e => (IPNetwork.Parse(e.Cidr).BaseAddress.ToString(), e.Port + 1)));
        var net = new NetworkPolicyEvaluator(NetworkPolicies(c.Objects));
        foreach (var tenant in c.Tenants.Tenants)
        {
            var pod = PodRef.InNamespace(tenant.Namespace, IPAddress.Parse("10.255.255.254"));
            static PodRef Outside(string address) => new(null, new Dictionary<string, string>(), IPAddress.Parse(address));
            problems.AddRange(endpoints.Where(e => !net.Allows(pod, Outside(IPNetwork.Parse(e.Cidr).BaseAddress.ToString()), e.Port, "TCP"))
                .Select(e => $"{tenant.Namespace} cannot reach its credential endpoint {e.Cidr} on {e.Port}"));
            problems.AddRange(closed.Where(x => net.Allows(pod, Outside(x.Address), x.Port, "TCP"))
                .Select(x => $"{tenant.Namespace} reaches {x.Address}:{x.Port}, which is no credential endpoint of its cloud"));

            var declared = c.Settings.Services.Single(s => s.Name == tenant.Name).Egress;
            var internet = IPAddress.Parse(PublicProbeAddress);
            var expected = declared.Any(e => e.Port == PublicProbePort && IPNetwork.Parse(e.Cidr).Contains(internet));
            if (net.Allows(pod, Outside(PublicProbeAddress), PublicProbePort, "TCP") != expected)
            {
                problems.Add(expected
                    ? $"{tenant.Namespace} declares egress to {PublicProbeAddress}:{PublicProbePort} but cannot reach it"
                    : $"{tenant.Namespace} reaches {PublicProbeAddress}:{PublicProbePort}, which services[].egress does not declare");
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"NetworkPolicies evaluated: each of {c.ServiceNames} reaches {string.Join(" and ", endpoints.Select(e => $"{e.Cidr}:{e.Port}"))} and no other " +
            $"metadata address or port; the internet ({PublicProbeAddress}:{PublicProbePort}) only where services[].egress declares it " +
            $"({c.Settings.Services.Count(s => s.Egress.Count > 0)} service(s) declare egress)");
    }

    /// <summary>A public address (TEST-NET-3, never routed) WI-02 probes on 443: open only through services[].egress.</summary>
    private const string PublicProbeAddress = "203.0.113.10";

    private const int PublicProbePort = 443;

    private static GuardrailCheck NetworkPoliciesAdmitLinkerd(GuardrailContext c)
    {
        var problems = new List<string>();
        var net = new Reach(c, NetworkPolicies(c.Objects));
        problems.AddRange(c.Tenants.Calls.Where(call => !net.Allows(call.Caller.Namespace, call.Callee.Namespace, PlatformPorts.ProxyInbound))
            .Select(call => $"declared call {call} is closed on {PlatformPorts.ProxyInbound}"));
        foreach (var tenant in c.Tenants.Tenants)
        {
            problems.AddRange(PlatformPorts.LinkerdControlPlane.Where(p => !net.Allows(tenant.Namespace, PlatformNamespaces.Linkerd, p))
                .Select(p => $"{tenant.Namespace} cannot reach the Linkerd control plane on {p}"));
            if (!net.Allows(PlatformNamespaces.Monitoring, tenant.Namespace, PlatformPorts.ProxyAdmin))
            {
                problems.Add($"{PlatformNamespaces.Monitoring} cannot reach {tenant.Namespace} on {PlatformPorts.ProxyAdmin}");
            }

            if (!net.Allows(PlatformNamespaces.LinkerdViz, tenant.Namespace, PlatformPorts.ProxyTap))
            {
                problems.Add($"{PlatformNamespaces.LinkerdViz} cannot reach {tenant.Namespace} on {PlatformPorts.ProxyTap} (tap)");
            }
        }

        return GuardrailCheck.FromProblems(problems,
            $"NetworkPolicies evaluated: {PlatformPorts.ProxyInbound} open along all {c.Tenants.Calls.Count} declared calls; each of {c.ServiceNames} reaches " +
            $"{PlatformNamespaces.Linkerd} on {string.Join(", ", PlatformPorts.LinkerdControlPlane.Order())}, admits {PlatformNamespaces.Monitoring} on {PlatformPorts.ProxyAdmin} " +
            $"and {PlatformNamespaces.LinkerdViz} on {PlatformPorts.ProxyTap} (tap)");
    }

    private static GuardrailCheck ScrapeAuthorized(GuardrailContext c)
    {
        var problems = new List<string>();
        var podNetworks = PodNetworks.Of(c.Network);
        // The service namespaces and linkerd-viz (meshed, scraped by the same PodMonitor): every meshed namespace
        // whose default inbound policy would refuse an unmeshed client.
        var scraped = c.Tenants.Tenants.Select(t => (t.Namespace, Objects: c.Objects.Of(t.Name)))
            .Append((PlatformNamespaces.LinkerdViz, (IReadOnlyList<object>)c.Objects.Mesh.Where(o => ManifestObjects.Metadata(o).NamespaceProperty == PlatformNamespaces.LinkerdViz).ToList()));
        foreach (var (ns, objects) in scraped)
        {
            var servers = objects.OfType<LinkerdServer>().Where(s => s.Spec.Port?.Value == PlatformPorts.ProxyAdminName).ToList();
            if (servers.Count == 0)
            {
                problems.Add($"no Server on {PlatformPorts.ProxyAdminName} in {ns}");
                continue;
            }

            var networks = objects.OfType<AuthorizationPolicy>()
                .Where(a => servers.Any(s => IsServerRef(a.Spec.TargetRef, s.Metadata.Name)))
                .SelectMany(a => a.Spec.RequiredAuthenticationRefs.Where(r => r.Kind == "NetworkAuthentication"))
                .SelectMany(r => objects.OfType<NetworkAuthentication>().Where(n => n.Metadata.Name == r.Name).SelectMany(n => n.Spec.Networks))
                .Select(n => n.Cidr)
                .ToList();
            problems.AddRange(podNetworks.Where(pods => !networks.Any(n => Covers(n, pods)))
                .Select(pods => $"no AuthorizationPolicy on {ns}'s {PlatformPorts.ProxyAdminName} Server admits the pod network {pods}, where Prometheus scrapes from"));
        }

        return GuardrailCheck.FromProblems(problems,
            $"a Server on {PlatformPorts.ProxyAdminName} ({PlatformPorts.ProxyAdmin}) with an AuthorizationPolicy admitting the pod networks ({string.Join(", ", podNetworks)}) in each of {c.ServiceNames} and {PlatformNamespaces.LinkerdViz}; " +
            $"NetworkPolicy narrows it to {PlatformNamespaces.Monitoring} (MESH-04)");
    }

    private static GuardrailCheck NoEdge(GuardrailContext c)
    {
        var edges = c.Objects.All
            .Where(o => o is V1Service { Spec.Type: { } type } && ExposingServiceTypes.Contains(type) || ManifestObjects.Kind(o) is "Ingress" or "Gateway")
            .Select(Describe)
            .Concat(ExposingValues(c.InCluster.Releases))
            .ToList();
        return GuardrailCheck.When(edges.Count == 0, NotBuiltHere,
            $"{string.Join(", ", edges)} opens an edge: the control applies and nothing here terminates TLS on it");
    }

    // ── Monitoring ──────────────────────────────────────────────────────────────────────────────

    private static GuardrailCheck GrafanaAdminFromSecret(GuardrailContext c)
    {
        var monitoring = c.InCluster.Monitoring;
        var problems = new List<string>();
        var expected = new (string Key, string Value)[]
        {
            ("existingSecret", monitoring.GrafanaAdminSecretName), ("userKey", monitoring.GrafanaAdminUserKey), ("passwordKey", monitoring.GrafanaAdminPasswordKey),
        };
        problems.AddRange(expected.Where(e => string.IsNullOrEmpty(e.Value) || At(monitoring.Values, "grafana", "admin", e.Key) as string != e.Value)
            .Select(e => $"grafana.admin.{e.Key} is {Show(At(monitoring.Values, "grafana", "admin", e.Key))}, the Secret the program creates has {Show(e.Value)}"));
        if (monitoring.Release.Namespace != monitoring.Namespace)
        {
            problems.Add($"the release is in {monitoring.Release.Namespace}, the admin Secret in {monitoring.Namespace}");
        }

        return GuardrailCheck.FromProblems(problems,
            $"grafana.admin.existingSecret={monitoring.GrafanaAdminSecretName} (userKey {monitoring.GrafanaAdminUserKey}, passwordKey {monitoring.GrafanaAdminPasswordKey}): " +
            $"the Secret {monitoring.Namespace}/{monitoring.GrafanaAdminSecretName} the program creates with a generated password");
    }

    private static GuardrailCheck MonitoringClusterInternal(GuardrailContext c)
    {
        var values = c.InCluster.Monitoring.Values;
        var problems = MonitoringComponents.Where(k => At(values, k, "service", "type") as string != "ClusterIP")
            .Select(k => $"{k}.service.type is {Show(At(values, k, "service", "type"))}")
            .Concat(ExposingValues([c.InCluster.Monitoring.Release]))
            .Concat(c.Objects.All.Where(o => o is V1Service { Spec.Type: { } type } && ExposingServiceTypes.Contains(type)).Select(o => $"{Describe(o)} is exposed"))
            .Distinct()
            .ToList();
        return GuardrailCheck.FromProblems(problems,
            $"kube-prometheus-stack {string.Join(", ", MonitoringComponents.Select(k => $"{k}.service.type"))} = ClusterIP; no value or rendered Service sets LoadBalancer or NodePort");
    }

    private static GuardrailCheck MonitoringPodSecurityExplicit(GuardrailContext c)
    {
        var version = PodSecurity.VersionOf(c.Cluster.KubernetesVersion);
        var ns = NamespaceObject(c.Objects.Monitoring, c.InCluster.Monitoring.Namespace);

        // The documented exception is exactly privileged for node-exporter (MonitoringPlanner.Manifests); a stricter
        // enforce level is allowed, any other weaker one is undocumented.
        var enforce = Label(ns?.Metadata, PodSecurityPrefix + "enforce");
        var expected = new Dictionary<string, string>
        {
            ["enforce"] = enforce is "restricted" ? "restricted" : "privileged",
            ["audit"] = "restricted",
            ["warn"] = "restricted",
        };
        var problems = PodSecurityProblems(ns, c.InCluster.Monitoring.Namespace, expected, version).ToList();
        return GuardrailCheck.FromProblems(problems,
            $"Namespace {c.InCluster.Monitoring.Namespace} labels: enforce={enforce} (node-exporter's hostNetwork, hostPID and host root mount; documented exception), " +
            $"audit and warn = restricted, each version pinned to {version}");
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────

    private static string Describe(object o)
    {
        var meta = ManifestObjects.Metadata(o);
        return meta.NamespaceProperty is { } ns ? $"{ManifestObjects.Kind(o)} {ns}/{meta.Name}" : $"{ManifestObjects.Kind(o)} {meta.Name}";
    }

    private static List<V1NetworkPolicy> NetworkPolicies(InClusterObjects objects) => objects.All.OfType<V1NetworkPolicy>().ToList();

    /// <summary>Every pod of the namespace, both directions, nothing allowed (kubernetes.io network-policies "Default deny all ingress and all egress traffic").</summary>
    private static bool IsDefaultDeny(V1NetworkPolicy p) =>
        p.Spec?.PodSelector is { } selector && (selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0
        && p.Spec.PolicyTypes is { } types && types.Contains("Ingress") && types.Contains("Egress")
        && (p.Spec.Ingress?.Count ?? 0) == 0 && (p.Spec.Egress?.Count ?? 0) == 0;

    private static V1Namespace? NamespaceObject(IEnumerable<object> objects, string name) =>
        objects.OfType<V1Namespace>().FirstOrDefault(n => n.Metadata?.Name == name);

    private static string? Label(V1ObjectMeta? meta, string key) =>
        meta?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    private static string? Annotation(V1ObjectMeta? meta, string key) =>
        meta?.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    private static IEnumerable<string> PodSecurityProblems(V1Namespace? ns, string name, Dictionary<string, string> levels, string version)
    {
        if (ns is null)
        {
            yield return $"no Namespace object {name}";
            yield break;
        }

        foreach (var (mode, level) in levels)
        {
            var actual = Label(ns.Metadata, PodSecurityPrefix + mode);
            if (actual != level)
            {
                yield return $"Namespace {name} has {PodSecurityPrefix}{mode}={actual ?? "(none)"}, expected {level}";
            }

            var pinned = Label(ns.Metadata, $"{PodSecurityPrefix}{mode}-version");
            if (pinned != version)
            {
                yield return $"Namespace {name} has {PodSecurityPrefix}{mode}-version={pinned ?? "(none)"}, expected the cluster's {version}";
            }
        }
    }

    private static V1PodSpec? PodSpecOf(object o) => o switch
    {
        V1Pod p => p.Spec,
        V1Deployment d => d.Spec?.Template?.Spec,
        V1StatefulSet s => s.Spec?.Template?.Spec,
        V1DaemonSet d => d.Spec?.Template?.Spec,
        V1ReplicaSet r => r.Spec?.Template?.Spec,
        V1Job j => j.Spec?.Template?.Spec,
        V1CronJob j => j.Spec?.JobTemplate?.Spec?.Template?.Spec,
        _ => null,
    };

    /// <summary>The value at a key path of a values map, or null when a segment is missing.</summary>
    private static object? At(HelmValues values, params string[] path) => values.At(path);

    /// <summary>Every key path of a values map with its value, maps inside lists included.</summary>
    private static IEnumerable<(IReadOnlyList<string> Path, object? Value)> Paths(HelmValues values)
    {
        foreach (var (key, value) in values)
        {
            yield return ([key], value);
            var children = value switch
            {
                HelmValues map => [map],
                IEnumerable<object> list => list.OfType<HelmValues>(),
                _ => [],
            };
            foreach (var child in children)
            {
                foreach (var (path, v) in Paths(child))
                {
                    yield return ([key, .. path], v);
                }
            }
        }
    }

    /// <summary>Helm values that make any Service of a release LoadBalancer or NodePort (a <c>type</c> under a <c>service</c>-named map).</summary>
    private static IEnumerable<string> ExposingValues(IEnumerable<HelmReleasePlan> releases) =>
        releases.SelectMany(r => Paths(r.Values)
            .Where(p => p.Path.Count >= 2 && p.Path[^1] == "type" && p.Path[^2].Contains("ervice", StringComparison.Ordinal)
                && p.Value is string type && ExposingServiceTypes.Contains(type))
            .Select(p => $"{r.Name} values {string.Join('.', p.Path)}={p.Value}"));

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        System.Collections.ICollection collection => collection.Count == 0,
        _ => false,
    };

    /// <summary>Value equality across the numeric types a values map may hold (int written, long or double read back).</summary>
    private static bool SameValue(object? actual, object expected) =>
        actual is not null && (actual is IConvertible && expected is IConvertible && IsNumber(actual) && IsNumber(expected)
            ? Convert.ToDecimal(actual, CultureInfo.InvariantCulture) == Convert.ToDecimal(expected, CultureInfo.InvariantCulture)
            : actual.Equals(expected));

    private static bool IsNumber(object value) => value is int or long or double or decimal or float or short or byte;

    private static string Show(object? value) => value switch
    {
        null => "unset",
        bool b => b ? "true" : "false",
        string s => s.Length == 0 ? "\"\"" : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string? Quantity(IDictionary<string, ResourceQuantity>? quantities, string key) =>
        quantities is not null && quantities.TryGetValue(key, out var q) ? q.ToString() : null;

    /// <summary>Quantities compare by value (<c>1Gi</c> = <c>1024Mi</c>), as the API server does.</summary>
    private static bool SameQuantity(IDictionary<string, ResourceQuantity>? quantities, string key, string expected) =>
        quantities is not null && quantities.TryGetValue(key, out var actual) && actual.ToDecimal() == new ResourceQuantity(expected).ToDecimal();

    private static bool IsServerRef(PolicyRef target, string server) => target.Kind == "Server" && target.Name == server;

    /// <summary>
    /// The mTLS identities that AuthorizationPolicies admit to one Server, sorted; null when some policy admits it
    /// without an mTLS identity (a NetworkAuthentication or a missing authentication). Every required authentication
    /// of a policy must hold (linkerd.io/2/reference/authorization-policy), so a policy admits the intersection of its
    /// MeshTLSAuthentications' identities; policies add up.
    /// </summary>
    private static List<string>? Admitted(IReadOnlyList<object> objects, string server)
    {
        var admitted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var policy in objects.OfType<AuthorizationPolicy>().Where(a => IsServerRef(a.Spec.TargetRef, server)))
        {
            var identities = policy.Spec.RequiredAuthenticationRefs
                .Where(r => r.Kind == "MeshTLSAuthentication")
                .Select(r => objects.OfType<MeshTlsAuthentication>().FirstOrDefault(m => m.Metadata.Name == r.Name)?.Spec.Identities)
                .ToList();
            if (identities.Count == 0 || identities.Any(i => i is null || i.Contains("*")))
            {
                return null;
            }

            admitted.UnionWith(identities.Skip(1).Aggregate((IEnumerable<string>)identities[0]!, (all, next) => all.Intersect(next!, StringComparer.Ordinal)));
        }

        return [.. admitted];
    }

    /// <summary>True when <paramref name="outer"/> contains all of <paramref name="inner"/>.</summary>
    private static bool Covers(string outer, string inner)
    {
        var o = IPNetwork.Parse(outer);
        var i = IPNetwork.Parse(inner);
        return o.PrefixLength <= i.PrefixLength && o.Contains(i.BaseAddress);
    }

    /// <summary>Connections between namespaces as the NetworkPolicies decide them, for any pod (every policy selects <c>podSelector: {}</c>).</summary>
    private sealed class Reach(GuardrailContext c, IReadOnlyList<V1NetworkPolicy> policies)
    {
        private readonly NetworkPolicyEvaluator evaluator = new(policies);
        private readonly IPAddress pod = AddressIn(PodNetworks.Of(c.Network)[0], 10);
        private readonly IPAddress apiServer = AddressIn(PodNetworks.ApiServerOf(c.Network)[0], 2);

        public bool Allows(string from, string to, int port, string protocol = "TCP") =>
            evaluator.Allows(PodRef.InNamespace(from, pod), PodRef.InNamespace(to, pod), port, protocol);

        public bool AllowsFromApiServer(string to, int port) =>
            evaluator.Allows(new PodRef(null, new Dictionary<string, string>(), apiServer), PodRef.InNamespace(to, pod), port, "TCP");

        private static IPAddress AddressIn(string cidr, int offset)
        {
            var bytes = IPNetwork.Parse(cidr).BaseAddress.GetAddressBytes();
            bytes[^1] += (byte)offset;
            return new IPAddress(bytes);
        }
    }
}
