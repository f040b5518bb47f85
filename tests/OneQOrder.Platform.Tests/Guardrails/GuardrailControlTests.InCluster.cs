using System.Text.Json.Nodes;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Kubernetes;
using OneQOrder.Platform.Tests.Support;
using YamlDotNet.RepresentationModel;
using k8s.Models;
using static OneQOrder.Platform.Tests.Guardrails.GuardrailStacks;

namespace OneQOrder.Platform.Tests.Guardrails;

/// <summary>
/// The in-cluster controls (NET-02, NS-*, MESH-01..05, MESH-07, MON-01..03). Each test plans a real stack, checks that
/// re-evaluating its objects gives the plan's own verdict (pass), then breaks exactly that control's evidence in the
/// planned objects or Helm values and evaluates again: the control must report <c>fail</c> and say what it read.
/// </summary>
public sealed partial class GuardrailControlTests
{
    // ── Network & segmentation ───────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NET_02_every_service_namespace_and_monitoring_has_a_default_deny_policy_and_only_explicit_allows(string cloud)
    {
        AssertControl("NET-02", 4, GuardrailLayer.Network, relaxableInTest: false, "namespaces.defaultDeny");
        AssertRelaxation("NET-02", cloud, "oneq-order-infra:namespaces:\n  defaultDeny: false", "namespaces.defaultDeny", "false");

        AssertBreaks("NET-02", cloud, p => WithServiceObjects(p, "card", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.DefaultDeny))),
            "card has no default-deny NetworkPolicy");
        AssertBreaks("NET-02", cloud, p => WithMonitoringObjects(p, o => o.Where(x => !IsPolicy(x, ServiceNamespaces.DefaultDeny))),
            "monitoring has no default-deny NetworkPolicy");

        // A policy named default-deny that carries an allow rule isolates nothing in that direction: it is none.
        AssertBreaks("NET-02", cloud, p => WithServiceObjects(p, "card", o => o.Select(x => IsPolicy(x, ServiceNamespaces.DefaultDeny)
                ? new V1NetworkPolicy
                {
                    Metadata = ((V1NetworkPolicy)x).Metadata,
                    Spec = new V1NetworkPolicySpec
                    {
                        PodSelector = new V1LabelSelector(),
                        PolicyTypes = ["Ingress", "Egress"],
                        Ingress = [new V1NetworkPolicyIngressRule()],
                    },
                }
                : x)),
            "card has no default-deny NetworkPolicy");

        // An allow-all pair between two services the matrix does not connect.
        AssertBreaks("NET-02", cloud, p => WithServiceObjects(WithServiceObjects(p, "bank", o => o.Append(AllowAll("bank", "Ingress"))), "oneq-order",
                o => o.Append(AllowAll("oneq-order", "Egress"))),
            "oneq-order -> bank is open on 4143 but not a declared call");
    }

    // ── Workload identity ────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp", "169.254.169.254/32:80")]
    [InlineData("aws", "169.254.170.23/32:80 and fd00:ec2::23/128:80")]
    public void WI_02_each_service_reaches_exactly_its_credential_endpoint_and_declared_egress_only(string cloud, string endpoints)
    {
        AssertControl("WI-02", 19, GuardrailLayer.WorkloadIdentity, relaxableInTest: false);
        Assert.StartsWith($"NetworkPolicies evaluated: each of oneq-order, pg, appcard, card, bank reaches {endpoints} and no other", AssertPasses("WI-02", cloud), StringComparison.Ordinal);

        // Without its credentials policy a service's SDK calls fail for want of credentials.
        AssertBreaks("WI-02", cloud, p => WithServiceObjects(p, "card", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.AllowCredentials))),
            "card cannot reach its credential endpoint");

        // Widened to the whole link-local range, it opens the node's instance metadata too.
        AssertBreaks("WI-02", cloud, p => ChangeServiceObject<V1NetworkPolicy>(p, "pg", x => x.Metadata.Name == ServiceNamespaces.AllowCredentials,
                x => x.Spec.Egress[0].To[0].IpBlock.Cidr = "169.254.0.0/16"),
            "pg reaches 169.254.");

        // An undeclared open egress rule reaches the internet.
        AssertBreaks("WI-02", cloud, p => WithServiceObjects(p, "bank", o => o.Append(AllowAll("bank", "Egress"))),
            "bank reaches 203.0.113.10:443, which services[].egress does not declare");

        // A declared destination is reachable, on its port.
        var declared = AssertPasses("WI-02", cloud, DeclaredEgress);
        Assert.EndsWith("(1 service(s) declare egress)", declared, StringComparison.Ordinal);
    }

    /// <summary>The default services, pg declaring the internet on 443 (a cloud API without a VPC endpoint).</summary>
    private const string DeclaredEgress = """
        oneq-order-infra:services:
          - { name: oneq-order, public: true }
          - name: pg
            egress:
              - { cidr: 0.0.0.0/0, port: 443 }
          - { name: appcard, public: true }
          - { name: card }
          - { name: bank }

        """;

    // ── Namespaces ───────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NS_01_every_service_has_a_dedicated_namespace_and_none_uses_default(string cloud)
    {
        AssertControl("NS-01", 20, GuardrailLayer.Namespace, relaxableInTest: false);
        Assert.Equal(["oneq-order-infra:services[0].name"],
            Load(cloud, "oneq-order-infra:services:\n  - name: default\noneq-order-infra:calls: []").Keys());

        AssertBreaks("NS-01", cloud, p => ChangeServiceObject<V1ResourceQuota>(p, "pg", q => q.Metadata.NamespaceProperty = "default"),
            "ResourceQuota default/quota is rendered with pg's objects but in namespace 'default'");
        AssertBreaks("NS-01", cloud, p => WithServiceObjects(p, "card", o => o.Where(x => x is not V1Namespace)), "no Namespace card among its objects");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NS_02_service_namespaces_enforce_restricted_with_a_pinned_version(string cloud)
    {
        AssertControl("NS-02", 21, GuardrailLayer.Namespace, relaxableInTest: false, "namespaces.podSecurity");
        AssertRelaxation("NS-02", cloud, "oneq-order-infra:namespaces:\n  podSecurity: baseline", "namespaces.podSecurity", "baseline");

        AssertBreaks("NS-02", cloud, p => ChangeServiceObject<V1Namespace>(p, "pg", n => n.Metadata.Labels["pod-security.kubernetes.io/enforce"] = "baseline"),
            "Namespace pg has pod-security.kubernetes.io/enforce=baseline, expected restricted");
        AssertBreaks("NS-02", cloud, p => ChangeServiceObject<V1Namespace>(p, "bank", n => n.Metadata.Labels.Remove("pod-security.kubernetes.io/warn-version")),
            "Namespace bank has pod-security.kubernetes.io/warn-version=(none), expected the cluster's v1.35");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NS_03_service_account_tokens_are_not_automounted(string cloud)
    {
        AssertControl("NS-03", 22, GuardrailLayer.Namespace, relaxableInTest: false);

        AssertBreaks("NS-03", cloud, p => ChangeServiceObject<V1ServiceAccount>(p, "card", a => a.Metadata.Name == "card", a => a.AutomountServiceAccountToken = true),
            "ServiceAccount card/card has automountServiceAccountToken true");
        AssertBreaks("NS-03", cloud, p => ChangeServiceObject<V1ServiceAccount>(p, "pg", a => a.Metadata.Name == "default", a => a.AutomountServiceAccountToken = null),
            "ServiceAccount pg/default has automountServiceAccountToken unset (defaults to true)");
        AssertBreaks("NS-03", cloud, p => WithServiceObjects(p, "bank", o => o.Where(x => x is not V1ServiceAccount { Metadata.Name: "default" })),
            "no ServiceAccount bank/default");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NS_04_no_rendered_rbac_grants_wildcards_secrets_or_cluster_admin(string cloud)
    {
        AssertControl("NS-04", 23, GuardrailLayer.Namespace, relaxableInTest: false);

        var binding = new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "bank-admin" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "bank", NamespaceProperty = "bank" }],
        };
        AssertBreaks("NS-04", cloud, p => WithServiceObjects(p, "bank", o => o.Append(binding)), "ClusterRoleBinding bank-admin binds cluster-admin");

        var role = new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "reader", NamespaceProperty = "pg" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["*"], Verbs = ["get"] }],
        };
        AssertBreaks("NS-04", cloud, p => WithServiceObjects(p, "pg", o => o.Append(role)), "Role pg/reader has a wildcard rule");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NS_05_every_service_namespace_has_its_quota_and_container_defaults(string cloud)
    {
        AssertControl("NS-05", 24, GuardrailLayer.Namespace, relaxableInTest: false);

        var detail = AssertPasses("NS-05", cloud, "oneq-order-infra:namespaces:\n  quota: { cpu: \"6\", memory: 12Gi, pods: 30 }");
        Assert.StartsWith("ResourceQuota (requests and limits) cpu 6, memory 12Gi, 30 pods in oneq-order, pg, appcard, card, bank;", detail, StringComparison.Ordinal);

        AssertBreaks("NS-05", cloud, p => WithServiceObjects(p, "appcard", o => o.Where(x => x is not V1ResourceQuota)), "no ResourceQuota in appcard");
        AssertBreaks("NS-05", cloud, p => ChangeServiceObject<V1ResourceQuota>(p, "card", q => q.Spec.Hard["pods"] = new ResourceQuantity("500")),
            "ResourceQuota card/quota pods is 500");
        AssertBreaks("NS-05", cloud, p => WithServiceObjects(p, "pg", o => o.Where(x => x is not V1LimitRange)), "no LimitRange with Container defaults in pg");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NS_06_no_rendered_workload_or_helm_value_reads_a_secret_into_the_environment(string cloud)
    {
        AssertControl("NS-06", 25, GuardrailLayer.Namespace, relaxableInTest: false);
        Assert.EndsWith("exception: the grafana chart reads admin.existingSecret grafana-admin into GF_SECURITY_ADMIN_USER/PASSWORD (upstream)",
            AssertPasses("NS-06", cloud), StringComparison.Ordinal);

        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "pg", NamespaceProperty = "pg" },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector(),
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "app",
                                Env = [new V1EnvVar { Name = "DB_PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "db", Key = "password" } } }],
                            },
                        ],
                    },
                },
            },
        };
        AssertBreaks("NS-06", cloud, p => WithServiceObjects(p, "pg", o => o.Append(deployment)), "Deployment pg/pg container app reads a Secret into its environment");
        AssertBreaks("NS-06", cloud, p => WithMonitoringValues(p, v => v.WithAt("grafana.envValueFrom", new HelmValuesBuilder
        {
            ["DB_PASSWORD"] = new HelmValuesBuilder { ["secretKeyRef"] = new HelmValuesBuilder { ["name"] = "db", ["key"] = "password" } },
        }.Build())), "kube-prometheus-stack values grafana.envValueFrom read a Secret into the environment");
    }

    // ── Mesh ─────────────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MESH_01_every_service_namespace_is_meshed_in_cni_mode(string cloud)
    {
        AssertControl("MESH-01", 26, GuardrailLayer.Mesh, relaxableInTest: false, "mesh.injection");
        AssertRelaxation("MESH-01", cloud, "oneq-order-infra:mesh:\n  injection: false", "mesh.injection", "false");

        AssertBreaks("MESH-01", cloud, p => ChangeServiceObject<V1Namespace>(p, "bank", n => n.Metadata.Annotations.Remove("linkerd.io/inject")),
            "Namespace bank has linkerd.io/inject=(none)");
        AssertBreaks("MESH-01", cloud, p => WithMeshValues(p, ChartCatalogue.LinkerdControlPlane.Name, v => v.With("cniEnabled", false)),
            "linkerd-control-plane values do not set cniEnabled=true");
        AssertBreaks("MESH-01", cloud, p => p.InCluster with { Mesh = p.Mesh with { Releases = p.Mesh.Releases.Where(r => r.Name != ChartCatalogue.LinkerdCni.Name).ToList() } },
            "no linkerd2-cni release installed before the control plane");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MESH_02_linkerd_runs_the_ha_values_except_in_test_stacks(string cloud)
    {
        AssertControl("MESH-02", 26, GuardrailLayer.Mesh, relaxableInTest: true, "mesh.ha");
        AssertRelaxation("MESH-02", cloud, "oneq-order-infra:mesh:\n  ha: false", "mesh.ha", "false");

        AssertBreaks("MESH-02", cloud, p => WithMeshValues(p, ChartCatalogue.LinkerdControlPlane.Name, v => v.With("controllerReplicas", 1)),
            "linkerd-control-plane controllerReplicas is 1, values-ha.yaml has 3");
        AssertBreaks("MESH-02", cloud, p => WithMeshValues(p, ChartCatalogue.LinkerdControlPlane.Name, v => v.With("webhookFailurePolicy", "Ignore")),
            "linkerd-control-plane webhookFailurePolicy is Ignore, values-ha.yaml has Fail");
        AssertBreaks("MESH-02", cloud, p => WithMeshValues(p, ChartCatalogue.LinkerdViz.Name, v => v.With("enablePodDisruptionBudget", false)),
            "linkerd-viz enablePodDisruptionBudget is false");
    }

    [SkippableFact]
    public void MESH_02_the_ha_values_the_check_requires_are_the_charts_values_ha()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // The chart's HA overlay without its resource figures (the stack's proxy settings size those).
        var chart = ChartCatalogue.LinkerdControlPlane;
        var overlay = new YamlStream();
        overlay.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Shared, "charts", $"{chart.Name}-{chart.Version}", "values-ha.yaml"))));
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten((JsonObject)RenderedDocuments.ToJson(overlay.Documents[0].RootNode)!, string.Empty, leaves);
        var ha = leaves.Where(l => !l.Key.StartsWith("proxy.", StringComparison.Ordinal) && !l.Key.Split('.')[0].EndsWith("Resources", StringComparison.Ordinal));

        Assert.Equal(ha, GuardrailCatalogue.LinkerdHaValues.Select(v => KeyValuePair.Create(v.Path, JsonValue.Create(v.Value)!.ToJsonString())));
    }

    [Theory]
    [InlineData("gcp", "deny", "")]
    [InlineData("aws", "deny", "")]
    [InlineData("aws", "all-authenticated", TestEnvironment)]
    public void MESH_03_default_inbound_policy_is_deny_in_production_and_each_service_admits_exactly_its_callers(string cloud, string policy, string environment)
    {
        AssertControl("MESH-03", 27, GuardrailLayer.Mesh, relaxableInTest: false, "mesh.defaultInboundPolicy");
        AssertRelaxation("MESH-03", cloud, "oneq-order-infra:mesh:\n  defaultInboundPolicy: all-unauthenticated", "mesh.defaultInboundPolicy", "all-unauthenticated");
        AssertRelaxation("MESH-03", cloud, "oneq-order-infra:mesh:\n  defaultInboundPolicy: cluster-authenticated", "mesh.defaultInboundPolicy", "cluster-authenticated");
        var extra = $"{environment}oneq-order-infra:mesh:\n  defaultInboundPolicy: {policy}";
        Assert.StartsWith($"config.linkerd.io/default-inbound-policy oneq-order={policy}, pg={policy},", AssertPasses("MESH-03", cloud, extra), StringComparison.Ordinal);

        AssertBreaks("MESH-03", cloud, p => ChangeServiceObject<V1Namespace>(p, "pg", n => n.Metadata.Annotations["config.linkerd.io/default-inbound-policy"] = "all-unauthenticated"),
            "Namespace pg has config.linkerd.io/default-inbound-policy=all-unauthenticated", extra);

        // bank's callers are card and pg; admitting oneq-order too is one identity too many.
        AssertBreaks("MESH-03", cloud, p => WithServiceObjects(p, "bank", o => o.Select(x => x is MeshTlsAuthentication m
                ? m with { Spec = new MeshTlsAuthenticationSpec([.. m.Spec.Identities, OneQOrder.Platform.Tenants.Tenant.Identity("oneq-order", "oneq-order")]) }
                : x)),
            "Server bank/bank admits [card.card.serviceaccount.identity.linkerd.cluster.local, oneq-order.oneq-order.serviceaccount.identity.linkerd.cluster.local, pg.pg", extra);
        AssertBreaks("MESH-03", cloud, p => WithServiceObjects(p, "card", o => o.Where(x => x is not AuthorizationPolicy { Spec.TargetRef.Name: "card" })),
            "Server card/card admits [], declared callers are [appcard.appcard", extra);

        // Every served port has a Server: without the admin one, 4191 falls to the namespace default.
        AssertBreaks("MESH-03", cloud, p => WithServiceObjects(p, "appcard", o => o.Where(x => x is not LinkerdServer { Metadata.Name: ServiceNamespaces.AdminServer })),
            "no Server on appcard's port linkerd-admin", extra);

        // Kubelet probes are authorized from policyController.probeNetworks; narrowing it can fail them.
        AssertBreaks("MESH-03", cloud, p => WithMeshValues(p, ChartCatalogue.LinkerdControlPlane.Name, v => v.WithAt("policyController.probeNetworks", new List<object> { "10.0.0.0/8" })),
            "policyController.probeNetworks is set", extra);
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MESH_03_production_refuses_all_authenticated_and_an_undeclared_port_stays_closed_to_a_declared_caller(string cloud)
    {
        // Validation: production may not default to all-authenticated; a test stack may.
        var production = Load(cloud, "oneq-order-infra:mesh:\n  defaultInboundPolicy: all-authenticated");
        var error = Assert.Single(production.Errors);
        Assert.Equal(("oneq-order-infra:mesh.defaultInboundPolicy", "all-authenticated"), (error.Key, error.Value));
        Assert.Contains(": got \"all-authenticated\"; expected deny in production (guardrail MESH-03", error.Message, StringComparison.Ordinal);
        Assert.Empty(Load(cloud, TestEnvironment + "oneq-order-infra:mesh:\n  defaultInboundPolicy: all-authenticated").Errors);

        // The rendered namespace of a production stack defaulting to anything but deny fails the control.
        AssertBreaks("MESH-03", cloud, p => ChangeServiceObject<V1Namespace>(p, "bank", n => n.Metadata.Annotations["config.linkerd.io/default-inbound-policy"] = "all-authenticated"),
            "Namespace bank has config.linkerd.io/default-inbound-policy=all-authenticated in production, not deny");

        // A Server that opens an undeclared port to any meshed client lets the declared caller appcard in on it.
        AssertBreaks("MESH-03", cloud, p => WithServiceObjects(p, "card", o => o.Append(new LinkerdServer(
                new V1ObjectMeta { Name = "debug", NamespaceProperty = "card" },
                new ServerSpec(new V1LabelSelector(), 9999, "unknown", "all-authenticated")))),
            "appcard reaches card on undeclared port 9999");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MESH_04_network_policies_admit_4143_along_calls_the_control_plane_and_the_scrape(string cloud)
    {
        AssertControl("MESH-04", 28, GuardrailLayer.Mesh, relaxableInTest: false);

        AssertBreaks("MESH-04", cloud, p => WithServiceObjects(p, "card", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.AllowMeshIngress))),
            "declared call pg -> card is closed on 4143");
        AssertBreaks("MESH-04", cloud, p => WithServiceObjects(p, "bank", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.AllowLinkerdControlPlane))),
            "bank cannot reach the Linkerd control plane on 8086");
        AssertBreaks("MESH-04", cloud, p => WithServiceObjects(p, "pg", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.AllowMetricsScrape))),
            "monitoring cannot reach pg on 4191");
        AssertBreaks("MESH-04", cloud, p => WithServiceObjects(p, "bank", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.AllowTap))),
            "linkerd-viz cannot reach bank on 4190 (tap)");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MESH_05_each_namespace_authorizes_the_unmeshed_scrape_of_the_proxy_admin_port(string cloud)
    {
        AssertControl("MESH-05", 29, GuardrailLayer.Mesh, relaxableInTest: false);

        AssertBreaks("MESH-05", cloud, p => WithServiceObjects(p, "appcard", o => o.Where(x => x is not LinkerdServer { Metadata.Name: ServiceNamespaces.AdminServer })),
            "no Server on linkerd-admin in appcard");
        AssertBreaks("MESH-05", cloud, p => WithServiceObjects(p, "card", o => o.Where(x => x is not AuthorizationPolicy { Spec.TargetRef.Name: ServiceNamespaces.AdminServer })),
            "no AuthorizationPolicy on card's linkerd-admin Server admits the pod network");
        AssertBreaks("MESH-05", cloud, p => p.InCluster with { Mesh = p.Mesh with { VizPolicyObjects = [] } },
            "no Server on linkerd-admin in linkerd-viz");
    }

    // ── Monitoring ───────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MON_01_grafana_admin_credentials_come_from_the_secret_the_program_creates(string cloud)
    {
        AssertControl("MON-01", 32, GuardrailLayer.Monitoring, relaxableInTest: false, "monitoring.grafanaAdminFromSecret");
        AssertRelaxation("MON-01", cloud, "oneq-order-infra:monitoring:\n  grafanaAdminFromSecret: false", "monitoring.grafanaAdminFromSecret", "false");

        AssertBreaks("MON-01", cloud, p => WithMonitoringValues(p, v => v.WithoutAt("grafana.admin")),
            "grafana.admin.existingSecret is unset, the Secret the program creates has grafana-admin");
        AssertBreaks("MON-01", cloud, p => p.InCluster with { Monitoring = p.Monitoring with { GrafanaAdminSecretName = "grafana-credentials" } },
            "grafana.admin.existingSecret is grafana-admin, the Secret the program creates has grafana-credentials");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MON_02_monitoring_services_are_cluster_internal(string cloud)
    {
        AssertControl("MON-02", 33, GuardrailLayer.Monitoring, relaxableInTest: false);

        AssertBreaks("MON-02", cloud, p => WithMonitoringValues(p, v => v.WithAt("grafana.service.type", "LoadBalancer")),
            "grafana.service.type is LoadBalancer");
        AssertBreaks("MON-02", cloud, p => WithMonitoringValues(p, v => v.With("prometheus-node-exporter", new HelmValuesBuilder { ["service"] = new HelmValuesBuilder { ["type"] = "NodePort" } }.Build())),
            "kube-prometheus-stack values prometheus-node-exporter.service.type=NodePort");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MON_03_monitoring_namespace_states_its_pod_security_exception(string cloud)
    {
        AssertControl("MON-03", 34, GuardrailLayer.Monitoring, relaxableInTest: false);

        AssertBreaks("MON-03", cloud, p => ChangeMonitoringObject<V1Namespace>(p, n => n.Metadata.Labels["pod-security.kubernetes.io/audit"] = "privileged"),
            "Namespace monitoring has pod-security.kubernetes.io/audit=privileged, expected restricted");
        AssertBreaks("MON-03", cloud, p => ChangeMonitoringObject<V1Namespace>(p, n => n.Metadata.Labels.Remove("pod-security.kubernetes.io/enforce")),
            "Namespace monitoring has pod-security.kubernetes.io/enforce=(none), expected privileged");
        AssertBreaks("MON-03", cloud, p => ChangeMonitoringObject<V1Namespace>(p, n => n.Metadata.Labels["pod-security.kubernetes.io/enforce"] = "baseline"),
            "Namespace monitoring has pod-security.kubernetes.io/enforce=baseline, expected privileged");
    }

    // ── Breaking the evidence ────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Plans <paramref name="cloud"/>'s minimal stack, asserts that evaluating its own in-cluster objects again gives the
    /// plan's <c>pass</c>, then evaluates the evidence <paramref name="breakIt"/> returns (changed copies: the plan's
    /// objects are frozen) and asserts <c>fail</c> with <paramref name="because"/> in the detail.
    /// </summary>
    private static void AssertBreaks(string id, string cloud, Func<PlatformPlan, InClusterEvidence> breakIt, string because, string extra = "")
    {
        var plan = Plan(cloud, extra);
        var intact = Evaluate(plan, plan.InCluster)[id];
        Assert.Equal((GuardrailStatus.Pass, plan.Guardrails[id].Detail), (intact.Status, intact.Detail));
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails[id].Status);

        var broken = Evaluate(plan, breakIt(plan))[id];

        Assert.Equal(GuardrailStatus.Fail, broken.Status);
        Assert.Contains(because, broken.Detail, StringComparison.Ordinal);
    }

    private static GuardrailReport Evaluate(PlatformPlan plan, InClusterEvidence evidence) =>
        GuardrailEvaluator.Evaluate(PlanGuardrails.Context(plan) with { InCluster = evidence });

    /// <summary>The evidence with one service namespace's objects replaced: <paramref name="change"/> gets fresh typed copies, its result is frozen; the plan keeps its own.</summary>
    private static InClusterEvidence WithServiceObjects(PlatformPlan plan, string service, Func<IReadOnlyList<object>, IEnumerable<object>> change) =>
        WithServiceObjects(plan.InCluster, service, change);

    private static InClusterEvidence WithServiceObjects(InClusterEvidence evidence, string service, Func<IReadOnlyList<object>, IEnumerable<object>> change)
    {
        Assert.Contains(evidence.ServiceNamespaces, n => n.Tenant.Name == service);
        var changed = evidence with
        {
            ServiceNamespaces = evidence.ServiceNamespaces
                .Select(n => n.Tenant.Name == service ? n with { Objects = FrozenManifest.FreezeAll(change(FrozenManifest.ThawAll(n.Objects))) } : n)
                .ToList(),
        };
        Assert.NotEqual(evidence, changed);
        return changed;
    }

    /// <summary>The evidence with the monitoring manifests replaced, as <see cref="WithServiceObjects(PlatformPlan, string, Func{IReadOnlyList{object}, IEnumerable{object}})"/>.</summary>
    private static InClusterEvidence WithMonitoringObjects(PlatformPlan plan, Func<IReadOnlyList<object>, IEnumerable<object>> change)
    {
        var changed = plan.InCluster with
        {
            Monitoring = plan.Monitoring with { ManifestObjects = FrozenManifest.FreezeAll(change(FrozenManifest.ThawAll(plan.Monitoring.ManifestObjects))) },
        };
        Assert.NotEqual(plan.InCluster, changed);
        return changed;
    }

    /// <summary>The evidence with the one <typeparamref name="T"/> of a service namespace changed in a thawed copy.</summary>
    private static InClusterEvidence ChangeServiceObject<T>(PlatformPlan plan, string service, Action<T> change) =>
        ChangeServiceObject(plan, service, _ => true, change);

    /// <summary>The evidence with the one <typeparamref name="T"/> of a service namespace that <paramref name="which"/> picks changed in a thawed copy.</summary>
    private static InClusterEvidence ChangeServiceObject<T>(PlatformPlan plan, string service, Func<T, bool> which, Action<T> change) =>
        WithServiceObjects(plan, service, o => ChangeOne(o, which, change));

    /// <summary>The evidence with the one <typeparamref name="T"/> of the monitoring manifests changed in a thawed copy.</summary>
    private static InClusterEvidence ChangeMonitoringObject<T>(PlatformPlan plan, Action<T> change) =>
        WithMonitoringObjects(plan, o => ChangeOne(o, (T _) => true, change));

    private static List<object> ChangeOne<T>(IReadOnlyList<object> objects, Func<T, bool> which, Action<T> change)
    {
        var target = Assert.Single(objects.OfType<T>(), t => which(t));
        change(target);
        return [.. objects];
    }

    private static bool IsPolicy(object o, string name) => o is V1NetworkPolicy p && p.Metadata.Name == name;

    /// <summary>A policy that lets every pod of <paramref name="ns"/> talk to anything in one direction.</summary>
    private static V1NetworkPolicy AllowAll(string ns, string direction) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"allow-all-{direction.ToLowerInvariant()}", NamespaceProperty = ns },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = [direction],
            Ingress = direction == "Ingress" ? [new V1NetworkPolicyIngressRule()] : null,
            Egress = direction == "Egress" ? [new V1NetworkPolicyEgressRule()] : null,
        },
    };

    /// <summary>The evidence with kube-prometheus-stack's values replaced by a changed copy; the plan keeps its own.</summary>
    private static InClusterEvidence WithMonitoringValues(PlatformPlan plan, Func<HelmValues, HelmValues> change)
    {
        var changed = change(plan.Monitoring.Release.Values);
        Assert.NotEqual(plan.Monitoring.Release.Values, changed);
        return plan.InCluster with { Monitoring = plan.Monitoring with { Release = plan.Monitoring.Release with { Values = changed } } };
    }

    /// <summary>The evidence with one Linkerd release's values replaced by a changed copy; the plan keeps its own.</summary>
    private static InClusterEvidence WithMeshValues(PlatformPlan plan, string release, Func<HelmValues, HelmValues> change)
    {
        var original = plan.Mesh.Release(release).Values;
        var changed = change(original);
        Assert.NotEqual(original, changed);
        return plan.InCluster with
        {
            Mesh = plan.Mesh with { Releases = plan.Mesh.Releases.Select(r => r.Name == release ? r with { Values = changed } : r).ToList() },
        };
    }

    private static void Flatten(JsonObject node, string prefix, SortedDictionary<string, string> leaves)
    {
        foreach (var (key, value) in node)
        {
            if (value is JsonObject child)
            {
                Flatten(child, prefix + key + ".", leaves);
            }
            else
            {
                leaves[prefix + key] = value!.ToJsonString();
            }
        }
    }
}

/// <summary>Casts for walking a values map in tests.</summary>
internal static class HelmValuesTestExtensions
{
    public static HelmValues AsValues(this object? value) => Assert.IsType<HelmValues>(value);

    /// <summary>A copy with the value at a dotted key path set, creating the maps on the way.</summary>
    public static HelmValues WithAt(this HelmValues values, string path, object? value)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return values.With(path, value);
        }

        var key = path[..dot];
        var child = values.TryGetValue(key, out var existing) && existing is HelmValues map ? map : HelmValues.Empty;
        return values.With(key, child.WithAt(path[(dot + 1)..], value));
    }

    /// <summary>A copy without the key at a dotted path; the path must exist.</summary>
    public static HelmValues WithoutAt(this HelmValues values, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            Assert.True(values.ContainsKey(path), $"no key {path}");
            return values.Without(path);
        }

        var key = path[..dot];
        return values.With(key, values[key].AsValues().WithoutAt(path[(dot + 1)..]));
    }
}
