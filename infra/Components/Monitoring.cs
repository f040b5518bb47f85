using System.Collections.Immutable;
using System.Globalization;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Planning;
using Pulumi;
using Pulumi.Kubernetes.Core.V1;
using Pulumi.Kubernetes.Helm.V3;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Yaml.V2;
using Pulumi.Kubernetes.Yaml.V2;
using Pulumi.Random;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="Monitoring"/>.</summary>
public sealed class MonitoringArgs
{
    /// <summary>The one monitoring stack as planned: namespace manifests, the kube-prometheus-stack release, its CRDs and the Grafana admin secret's name and keys.</summary>
    public required MonitoringPlan Plan { get; init; }

    /// <summary>The provider of the cluster; every Kubernetes child uses it explicitly.</summary>
    public required KubernetesProvider Provider { get; init; }

    /// <summary>
    /// Each alert receiver's secret part by receiver name, from the secret config key <c>monitoringSecrets</c>
    /// (<c>RequireSecretObject</c>); required when the plan names a receiver Secret, otherwise unused.
    /// </summary>
    public Output<ImmutableDictionary<string, string>>? ReceiverSecrets { get; init; }

    /// <summary>The trust anchor's validity end (RFC 3339), from the mesh; recorded in a PrometheusRule. Optional in tests of this component alone.</summary>
    public Output<string>? TrustAnchorExpiry { get; init; }
}

/// <summary>
/// The platform's single Prometheus/Grafana: the <c>monitoring</c> namespace and its objects, a generated Grafana admin
/// password kept in a Kubernetes Secret (never the chart default, GUARDRAILS #32), the prometheus-operator CRDs applied
/// server-side, then kube-prometheus-stack without its bundled CRDs.
/// </summary>
public sealed class Monitoring : ComponentResource
{
    /// <summary>
    /// Helm's per-operation wait for kube-prometheus-stack: the operator, Prometheus and Alertmanager StatefulSets,
    /// Grafana and the admission-webhook certificate Jobs (waited for with <c>WaitForJobs</c>) all have to settle.
    /// </summary>
    internal const int ReleaseTimeoutSeconds = 900;

    /// <summary>Long enough to resist offline guessing; special characters widen the alphabet (NIST SP 800-63B favours length).</summary>
    internal const int AdminPasswordLength = 32;

    /// <summary>The Grafana admin user written to the Secret (the chart's default name; the password is what matters).</summary>
    internal const string AdminUser = "admin";

    /// <summary>The Grafana Service: kube-prometheus-stack's grafana sub-chart names it <c>&lt;release&gt;-grafana</c>.</summary>
    [Output("grafanaServiceName")]
    public Output<string> GrafanaServiceName { get; }

    /// <summary>The namespace Grafana (and the whole stack) runs in.</summary>
    [Output("grafanaNamespace")]
    public Output<string> GrafanaNamespace { get; }

    /// <summary>The Secret holding the Grafana admin credentials (its name, not its content).</summary>
    [Output("grafanaAdminSecretName")]
    public Output<string> GrafanaAdminSecretName { get; }

    /// <summary>The alert receivers' secret parts as written into their Secret; null when no receiver needs one. Always a Pulumi secret.</summary>
    internal Output<ImmutableDictionary<string, string>>? ReceiverSecretData { get; }

    /// <summary>The generated Grafana admin password; always a Pulumi secret.</summary>
    [Output("grafanaAdminPassword")]
    public Output<string> GrafanaAdminPassword { get; }

    public Monitoring(string name, MonitoringArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:Monitoring", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;

        // The operator's CRDs exceed the 256 KiB last-applied annotation of a client-side apply, so they are applied
        // server-side (the provider's default since v4) instead of by Helm, which is told to skip them. They come
        // first: the namespace's own objects (namespace, NetworkPolicies, the Linkerd proxy PodMonitor) and the service
        // namespaces may hold PodMonitors.
        var crds = new ConfigGroup($"{name}-prometheus-operator-crds", new ConfigGroupArgs
        {
            Files = plan.CrdUrls.ToArray(),
        }, new ComponentResourceOptions { Parent = this, Provider = args.Provider });

        var manifests = new ConfigGroup($"{name}-manifests", new ConfigGroupArgs
        {
            Yaml = plan.Manifests.Yaml,
        }, new ComponentResourceOptions { Parent = this, Provider = args.Provider, DependsOn = { crds } });

        var password = new RandomPassword($"{name}-grafana-admin-password", new RandomPasswordArgs
        {
            Length = AdminPasswordLength,
            Special = true,
            MinSpecial = 1,
            MinUpper = 1,
            MinLower = 1,
            MinNumeric = 1,
        }, new CustomResourceOptions { Parent = this });

        // RandomPassword already declares `result` a secret output; wrapping it makes that explicit here, so the
        // Secret's data and the stack output stay secret even if the provider's schema changed.
        GrafanaAdminPassword = Output.CreateSecret(password.Result);

        var adminSecret = new Secret($"{name}-grafana-admin", new SecretArgs
        {
            Metadata = new ObjectMetaArgs
            {
                Name = plan.GrafanaAdminSecretName,
                Namespace = plan.Namespace,
            },
            Type = "Opaque",
            StringData =
            {
                [plan.GrafanaAdminUserKey] = AdminUser,
                [plan.GrafanaAdminPasswordKey] = GrafanaAdminPassword,
            },
        }, new CustomResourceOptions { Parent = this, Provider = args.Provider, DependsOn = { manifests } });

        var releaseDependencies = new List<Resource> { manifests, adminSecret, crds };
        var releaseArgs = PlannedReleaseArgs.From(plan.Release, ReleaseTimeoutSeconds);
        releaseArgs.SkipCrds = true;

        // Receivers' secret parts: a Kubernetes Secret the chart mounts into Alertmanager (alertmanagerSpec.secrets),
        // read by the *_file fields of the rendered configuration. The values stay Pulumi secrets end to end.
        if (plan.ReceiverSecretName is { } receiverSecretName)
        {
            var secrets = args.ReceiverSecrets ?? throw new ArgumentException(
                $"the plan routes alerts to {string.Join(", ", plan.Receivers.Where(r => r.SecretFile is not null).Select(r => r.Name))}, whose secrets come from the secret config key {StackDefaults.Project}:{SettingsReader.MonitoringSecretsKey}; none was given",
                nameof(args));
            var needed = plan.Receivers.Where(r => r.SecretFile is not null).Select(r => r.Name).ToList();
            ReceiverSecretData = Output.CreateSecret(secrets.Apply(all =>
            {
                var missing = needed.Where(n => !all.ContainsKey(n)).ToList();
                return missing.Count == 0
                    ? all.Where(kv => needed.Contains(kv.Key)).ToImmutableDictionary()
                    : throw new InvalidOperationException(
                        $"{StackDefaults.Project}:{SettingsReader.MonitoringSecretsKey}: no secret for receiver(s) {string.Join(", ", missing)}; set each with pulumi config set --secret --path '{StackDefaults.Project}:{SettingsReader.MonitoringSecretsKey}.<receiver>' <value>");
            }));
            var receiverSecret = new Secret($"{name}-alert-receivers", new SecretArgs
            {
                Metadata = new ObjectMetaArgs { Name = receiverSecretName, Namespace = plan.Namespace },
                Type = "Opaque",
                StringData = ReceiverSecretData,
            }, new CustomResourceOptions { Parent = this, Provider = args.Provider, DependsOn = { manifests } });
            releaseDependencies.Add(receiverSecret);
        }

        var release = new Release($"{name}-{plan.Release.Name}", releaseArgs, new CustomResourceOptions
        {
            Parent = this,
            Provider = args.Provider,
            DependsOn = releaseDependencies.ToArray(),
        });

        // The rules need the chart's operator (its admission webhook validates PrometheusRules); the dashboards only
        // the namespace, but the sidecar that loads them is the chart's too.
        var rules = new ConfigGroup($"{name}-rules", new ConfigGroupArgs { Yaml = plan.Rules.Yaml },
            new ComponentResourceOptions { Parent = this, Provider = args.Provider, DependsOn = { release } });
        _ = new ConfigGroup($"{name}-dashboards", new ConfigGroupArgs { Yaml = plan.Dashboards.Yaml },
            new ComponentResourceOptions { Parent = this, Provider = args.Provider, DependsOn = { release } });
        if (args.TrustAnchorExpiry is { } expiry)
        {
            _ = new ConfigGroup($"{name}-trust-anchor-rule", new ConfigGroupArgs
            {
                Yaml = expiry.Apply(end => plan.TrustAnchorRuleYaml(DateTimeOffset.Parse(end, CultureInfo.InvariantCulture))),
            }, new ComponentResourceOptions { Parent = this, Provider = args.Provider, DependsOn = { rules } });
        }

        GrafanaServiceName = Output.Format($"{release.Name}-grafana");
        GrafanaNamespace = release.Namespace;
        GrafanaAdminSecretName = adminSecret.Metadata.Apply(m => m.Name);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["grafanaServiceName"] = GrafanaServiceName,
            ["grafanaNamespace"] = GrafanaNamespace,
            ["grafanaAdminSecretName"] = GrafanaAdminSecretName,
            ["grafanaAdminPassword"] = GrafanaAdminPassword,
        });
    }
}
