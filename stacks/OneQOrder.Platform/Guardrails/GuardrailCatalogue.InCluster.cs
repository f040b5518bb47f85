using System.Globalization;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Guardrails;

public static partial class GuardrailCatalogue
{
    /// <summary>The controls the in-cluster layers implement (rendered manifests and Helm values of the service namespaces, mesh and monitoring), in catalogue order.</summary>
    private static List<GuardrailRule> InClusterRules() =>
    [
        new(new GuardrailControl
            {
                Id = "WI-02", Catalogue = 19, Layer = GuardrailLayer.WorkloadIdentity,
                Title = "Each service reaches exactly its cloud credential endpoint, and other egress only where the stack declares it",
                Sources = ["EKS user guide \"Understand how EKS Pod Identity works\" (169.254.170.23, fd00:ec2::23)", "GKE docs \"Authenticate to Google Cloud APIs from GKE workloads\" (Dataplane V2: 169.254.169.254/32 port 80)", "EKS-BP iam \"Restrict access to the instance profile assigned to the worker node\"", "PCI 1.3.2"],
                Implementation = "rendered manifests: NetworkPolicy allow-cloud-credentials per service namespace (EKS Pod Identity agent 169.254.170.23/32 and fd00:ec2::23/128, GKE metadata server 169.254.169.254/32, TCP 80); allow-declared-egress only for services[].egress, with the network and 169.254.0.0/16 excepted; evaluated: credentials reachable, the node's other metadata addresses and undeclared internet destinations not",
            },
            NoSetting,
            CredentialEgressExactly),
        new(new GuardrailControl
            {
                Id = "NET-02", Catalogue = 4, Layer = GuardrailLayer.Network,
                Title = "Default-deny NetworkPolicy in every service namespace and monitoring, with explicit allows",
                Sources = ["KB-EKS 4.3.2", "KB-GKE 4.3.2", "EKS-BP network \"Create a default deny policy\"", "EKS-BP network \"Create a rule to allow DNS queries\"", "PCI 1.3.1", "PCI 1.3.2", "linkerd2#15246"],
                Implementation = "rendered manifests: NetworkPolicy podSelector {} with policyTypes [Ingress, Egress] in each service namespace and monitoring; service allows (DNS, Linkerd, monitoring, declared calls) derived from the call matrix; monitoring allows all egress (Prometheus scrapes every namespace, the nodes and the API server; Grafana downloads dashboards), ingress within monitoring, linkerd-viz to Prometheus, and the API server's range to the prometheus-operator webhook. node-exporter (hostNetwork) and kubectl port-forward are outside NetworkPolicy",
                SettingKeys = ["namespaces.defaultDeny"],
            },
            s => Flag("namespaces.defaultDeny", s.Namespaces.DefaultDeny, required: true),
            DefaultDenyWithExplicitAllows),
        new(new GuardrailControl
            {
                Id = "NS-01", Catalogue = 20, Layer = GuardrailLayer.Namespace,
                Title = "Dedicated namespaces; nothing in default",
                Sources = ["KB-EKS 4.5.1", "KB-EKS 4.5.2", "KB-GKE 4.6.1", "KB-GKE 4.6.4"],
                Implementation = "validation: service names are DNS labels and never a system namespace; rendered manifests: every namespaced object carries metadata.namespace from the allowed set",
            },
            NoSetting,
            DedicatedNamespaces),
        new(new GuardrailControl
            {
                Id = "NS-02", Catalogue = 21, Layer = GuardrailLayer.Namespace,
                Title = "Pod Security Admission restricted (pinned version, audit and warn) on the service namespaces",
                Sources = ["KB-GKE 4.2.1", "KB-EKS 4.2.1-4.2.5", "PSA", "EKS-BP pods \"Use multiple PSA modes\""],
                Implementation = "rendered manifests: Namespace labels pod-security.kubernetes.io/enforce, enforce-version, audit, warn; Linkerd CNI mode so restricted admits meshed pods (MESH-01)",
                SettingKeys = ["namespaces.podSecurity"],
            },
            // Only a known, weaker level relaxes the control; an unknown word is the validator's error alone (one error per key).
            s => s.Namespaces.PodSecurity is "baseline" or "privileged"
                ? [new GuardrailRelaxation("namespaces.podSecurity", s.Namespaces.PodSecurity, "restricted")]
                : [],
            RestrictedPodSecurity),
        new(new GuardrailControl
            {
                Id = "NS-03", Catalogue = 22, Layer = GuardrailLayer.Namespace,
                Title = "ServiceAccount token automount off (default SA patched; one SA per service)",
                Sources = ["KB-EKS 4.1.5", "KB-EKS 4.1.6", "KB-GKE 4.1.4", "KB-GKE 4.1.5", "EKS-BP iam \"Disable auto-mounting of service account tokens\""],
                Implementation = "rendered manifests: ServiceAccount automountServiceAccountToken=false for default and the per-service ServiceAccount",
            },
            NoSetting,
            NoTokenAutomount),
        new(new GuardrailControl
            {
                Id = "NS-04", Catalogue = 23, Layer = GuardrailLayer.Namespace,
                Title = "RBAC least privilege: no wildcards, no cluster-admin bindings, minimal secrets access",
                Sources = ["KB-EKS 4.1.1-4.1.4", "KB-EKS 4.1.8", "KB-GKE 4.1.1-4.1.3", "KB-GKE 4.1.6-4.1.10"],
                Implementation = "rendered manifests: no Role, RoleBinding, ClusterRole or ClusterRoleBinding at all, so the service ServiceAccounts hold no API permissions; the Linkerd and kube-prometheus-stack charts bring their own RBAC",
            },
            NoSetting,
            LeastPrivilegeRbac),
        new(new GuardrailControl
            {
                Id = "NS-05", Catalogue = 24, Layer = GuardrailLayer.Namespace,
                Title = "ResourceQuota and LimitRange in every service namespace",
                Sources = ["EKS-BP pods \"Set requests and limits…\"", "EKS-BP reliability/dataplane.adoc L248-277"],
                Implementation = "rendered manifests: ResourceQuota (namespaces.quota or services[].quota) and LimitRange (namespaces.containerDefaults) per service namespace",
            },
            NoSetting,
            QuotaAndLimits),
        new(new GuardrailControl
            {
                Id = "NS-06", Catalogue = 25, Layer = GuardrailLayer.Namespace,
                Title = "Secrets mounted as files, not environment variables",
                Sources = ["KB-EKS 4.4.1", "KB-EKS 4.4.2", "KB-GKE 4.4.1", "KB-GKE 4.4.2"],
                Implementation = "rendered manifests: the platform renders no workloads (service Deployments are the services' own), so no env.valueFrom.secretKeyRef; exception: the grafana chart reads admin.existingSecret (MON-01) into GF_SECURITY_ADMIN_* environment variables",
            },
            NoSetting,
            NoSecretsInEnvironment),

        new(new GuardrailControl
            {
                Id = "MESH-01", Catalogue = 26, Layer = GuardrailLayer.Mesh,
                Title = "All service namespaces meshed (linkerd.io/inject: enabled), Linkerd CNI mode",
                Sources = ["EKS-BP network \"Encryption in transit → Service Mesh\"", "linkerd.io/2/features/server-policy", "linkerd.io/2/features/cni", "linkerd2#10232"],
                Implementation = "rendered manifests: Namespace annotation linkerd.io/inject=enabled; Helm: linkerd-control-plane cniEnabled=true after a linkerd2-cni release in its own privileged namespace",
                SettingKeys = ["mesh.injection"],
            },
            s => Flag("mesh.injection", s.Mesh.Injection, required: true),
            MeshedInCniMode),
        new(new GuardrailControl
            {
                Id = "MESH-02", Catalogue = 26, Layer = GuardrailLayer.Mesh,
                Title = "Linkerd control plane highly available",
                Sources = ["linkerd.io/2/features/server-policy (use HA)"],
                Implementation = "Helm: linkerd-control-plane values-ha.yaml (3 replicas, anti-affinity, PodDisruptionBudgets, webhook failurePolicy Fail)",
                SettingKeys = ["mesh.ha"],
                TestRelaxationReason = "a test stack trades availability for cost: one replica per control-plane component. Encryption, identity and policy (MESH-01, MESH-03) are the same; only behaviour while a node is lost differs",
            },
            s => Flag("mesh.ha", s.Mesh.HighAvailability, required: true),
            LinkerdHighlyAvailable),
        new(new GuardrailControl
            {
                Id = "MESH-03", Catalogue = 27, Layer = GuardrailLayer.Mesh,
                Title = "Default inbound policy deny in production (all-authenticated at most in a test stack), a Server for every served port, per-service AuthorizationPolicy",
                Sources = ["linkerd.io/2/reference/authorization-policy", "linkerd2#15615", "linkerd2 PR#6816", "linkerd2 policy-controller default_inbound_http_routes (probes)"],
                Implementation = "rendered manifests: namespace annotation config.linkerd.io/default-inbound-policy (deny in production; validation refuses all-authenticated there); Servers on the service port and linkerd-admin (4191), no HTTPRoute on them so the policy controller keeps authorizing kubelet probes (policyController.probeNetworks left at the chart default); AuthorizationPolicy and MeshTLSAuthentication per callee from the call matrix; a declared caller evaluated against an undeclared port is refused",
                SettingKeys = ["mesh.defaultInboundPolicy"],
            },
            // Only a known, weaker policy relaxes the control; an unknown word is the validator's error alone (one error per key).
            s => SettingValues.InboundPolicies.Contains(s.Mesh.DefaultInboundPolicy) && !StrictInboundPolicies.Contains(s.Mesh.DefaultInboundPolicy)
                ? [new GuardrailRelaxation("mesh.defaultInboundPolicy", s.Mesh.DefaultInboundPolicy, "all-authenticated or deny")]
                : [],
            AuthenticatedInboundAndPerServiceAuthorization),
        new(new GuardrailControl
            {
                Id = "MESH-04", Catalogue = 28, Layer = GuardrailLayer.Mesh,
                Title = "NetworkPolicies allow Linkerd traffic (4143 between meshed pods, control plane, 4191 from monitoring)",
                Sources = ["linkerd2#15246"],
                Implementation = "rendered manifests: NetworkPolicy ingress/egress rules for 4143 per declared call, egress to the linkerd namespace, ingress on 4191 from monitoring and on 4190 (tap) from linkerd-viz",
            },
            NoSetting,
            NetworkPoliciesAdmitLinkerd),
        new(new GuardrailControl
            {
                Id = "MESH-05", Catalogue = 29, Layer = GuardrailLayer.Mesh,
                Title = "Prometheus can scrape the proxies under the restrictive inbound policy",
                Sources = ["linkerd2#10691", "linkerd2#9150", "linkerd2#12634", "linkerd2#14103"],
                Implementation = "rendered manifests: Server on port linkerd-admin + AuthorizationPolicy with a NetworkAuthentication of the pod networks (monitoring is unmeshed), narrowed to monitoring by NetworkPolicy, in every service namespace and linkerd-viz (mesh/viz-policy.yaml)",
            },
            NoSetting,
            ScrapeAuthorized),

        new(new GuardrailControl
            {
                Id = "MON-01", Catalogue = 32, Layer = GuardrailLayer.Monitoring,
                Title = "Grafana admin credentials from a Secret, not the chart default",
                Sources = ["kube-prometheus-stack values (adminUser: admin, admin.existingSecret: \"\")", "PCI 2.2.2"],
                Implementation = "Helm: kube-prometheus-stack grafana.admin.existingSecret naming a generated Secret",
                SettingKeys = ["monitoring.grafanaAdminFromSecret"],
            },
            s => Flag("monitoring.grafanaAdminFromSecret", s.Monitoring.GrafanaAdminFromSecret, required: true),
            GrafanaAdminFromSecret),
        new(new GuardrailControl
            {
                Id = "MON-02", Catalogue = 33, Layer = GuardrailLayer.Monitoring,
                Title = "Prometheus, Grafana and Alertmanager not exposed (ClusterIP)",
                Sources = ["kube-prometheus-stack defaults (type: ClusterIP)", "KS service-type"],
                Implementation = "Helm: kube-prometheus-stack *.service.type=ClusterIP",
            },
            NoSetting,
            MonitoringClusterInternal),
        new(new GuardrailControl
            {
                Id = "MON-03", Catalogue = 34, Layer = GuardrailLayer.Monitoring,
                Title = "Monitoring namespace Pod Security level set explicitly, with a documented exception",
                Sources = ["kube-prometheus-stack node-exporter values L382-397"],
                Implementation = "rendered manifests: monitoring Namespace labelled enforce=privileged (node-exporter needs hostNetwork, hostPID and a host root mount, which baseline forbids) with audit/warn=restricted; see docs/guardrails.md",
            },
            NoSetting,
            MonitoringPodSecurityExplicit),
    ];
}
