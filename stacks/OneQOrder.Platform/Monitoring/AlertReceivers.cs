using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Monitoring;

/// <summary>
/// One receiver as planned: what <c>plan</c> lists (never the secret) and where Alertmanager reads the secret part.
/// </summary>
/// <param name="Name">The receiver's name in the Alertmanager configuration.</param>
/// <param name="Type"><c>slack</c>, <c>pagerduty</c>, <c>webhook</c>, <c>email</c> or <c>null</c>.</param>
/// <param name="Severities">The severities routed to it.</param>
/// <param name="SecretFile">The file Alertmanager reads the secret part from; null for the null receiver.</param>
public sealed record AlertReceiverPlan(string Name, string Type, IReadOnlyList<string> Severities, string? SecretFile)
{
    /// <summary>The severities, stored so that plans compare by value.</summary>
    public IReadOnlyList<string> Severities { get; init; } = ValueList.From(Severities);
}

/// <summary>
/// Alertmanager routing by severity, built from <c>monitoring.receivers</c>. The configuration goes into the chart's
/// <c>alertmanager.config</c> (kube-prometheus-stack 88.5.3 values.yaml; the operator turns it into the
/// Alertmanager's config Secret) and names every secret only by file: <c>api_url_file</c> (Slack),
/// <c>routing_key_file</c> (PagerDuty Events v2), <c>url_file</c> (webhook) and <c>auth_password_file</c> (email),
/// the <c>*_file</c> fields of the Alertmanager configuration reference (prometheus/alertmanager
/// docs/configuration.md). The files come from the Secret <see cref="SecretName"/>, which the Pulumi program creates
/// from the secret config key <c>monitoringSecrets</c> and the chart mounts through
/// <c>alertmanager.alertmanagerSpec.secrets</c> at <c>/etc/alertmanager/secrets/&lt;secret&gt;/&lt;key&gt;</c>
/// (same values.yaml, "Secrets is a list of Secrets … mounted into /etc/alertmanager/secrets/"). So no rendered
/// file, values file or plan output ever holds a URL, key or password. The AlertmanagerConfig CRD was the other way
/// to reference a Secret; its schema is not among the pinned strict schemas, so nothing here could validate it.
/// </summary>
public static class AlertReceivers
{
    /// <summary>The receiver that drops alerts (the chart's own default receiver name).</summary>
    public const string NullReceiver = "null";

    /// <summary>The Secret holding every receiver's secret part, one key per receiver name.</summary>
    public const string SecretName = "alertmanager-receivers";

    /// <summary>Where the operator mounts <c>alertmanagerSpec.secrets</c> (values.yaml comment and prometheus-operator's Alertmanager spec).</summary>
    public const string SecretsMountPath = "/etc/alertmanager/secrets";

    /// <summary>The receiver types the platform renders.</summary>
    public static IReadOnlyList<string> Types { get; } = ["email", "pagerduty", "slack", "webhook"];

    /// <summary>The severities the platform's rules carry, most urgent first.</summary>
    public static IReadOnlyList<string> Severities { get; } = ["critical", "warning", "info"];

    /// <summary>What the secret part of a receiver of <paramref name="type"/> is, for messages and docs.</summary>
    public static string SecretWhat(string type) => type switch
    {
        "slack" => "Slack incoming-webhook URL",
        "pagerduty" => "PagerDuty Events API v2 routing key",
        "webhook" => "webhook URL",
        "email" => "SMTP password",
        _ => "secret",
    };

    /// <summary>The receivers as planned: the stack's, then the null receiver that takes everything they do not.</summary>
    public static IReadOnlyList<AlertReceiverPlan> Plan(MonitoringSettings monitoring) =>
    [
        .. monitoring.Receivers.Select(r => new AlertReceiverPlan(r.Name, r.Type, r.Severities, SecretFile(r.Name))),
        new AlertReceiverPlan(NullReceiver, NullReceiver, monitoring.Receivers.Count == 0 ? Severities : [], null),
    ];

    /// <summary>The mounted file of a receiver's secret part.</summary>
    public static string SecretFile(string receiver) => $"{SecretsMountPath}/{SecretName}/{receiver}";

    /// <summary>
    /// The chart's <c>alertmanager</c> values: the configuration, the Secret to mount (only when a receiver needs
    /// it), and explicit resources, so the cost estimate and the quota arithmetic see Alertmanager's share.
    /// </summary>
    public static HelmValues Values(MonitoringSettings monitoring)
    {
        var spec = new HelmValuesBuilder
        {
            // Alertmanager's own footprint is small (an in-memory alert store and a notification queue); the limit
            // keeps a notification storm from taking the node's memory.
            ["resources"] = new HelmValuesBuilder
            {
                ["requests"] = new HelmValuesBuilder { ["cpu"] = "50m", ["memory"] = "64Mi" },
                ["limits"] = new HelmValuesBuilder { ["memory"] = "256Mi" },
            },
        };
        if (monitoring.Receivers.Count > 0)
        {
            spec["secrets"] = new List<object> { SecretName };
        }

        return new HelmValuesBuilder
        {
            ["alertmanagerSpec"] = spec,
            ["config"] = Config(monitoring),
            ["service"] = new HelmValuesBuilder { ["type"] = "ClusterIP" },
        }.Build();
    }

    private static HelmValues Config(MonitoringSettings monitoring)
    {
        // The chart's default tree, with one child route per receiver. `continue: true` lets an alert reach every
        // receiver of its severity (a page and a chat message); what matches none ends at the root's null receiver.
        var routes = new List<object>
        {
            // The chart's own first route: Watchdog, the always-firing alert of its default rules, is a heartbeat
            // for an external dead man's switch, not a notification (docs/operations.md, "Alerting").
            new HelmValuesBuilder { ["matchers"] = new List<object> { "alertname = \"Watchdog\"" }, ["receiver"] = NullReceiver },
        };
        foreach (var receiver in monitoring.Receivers)
        {
            routes.Add(new HelmValuesBuilder
            {
                ["continue"] = true,
                ["matchers"] = new List<object> { $"severity =~ \"{string.Join('|', receiver.Severities)}\"" },
                ["receiver"] = receiver.Name,
            });
        }

        var receivers = new List<object> { new HelmValuesBuilder { ["name"] = NullReceiver } };
        receivers.AddRange(monitoring.Receivers.Select(Receiver));
        return new HelmValuesBuilder
        {
            ["receivers"] = receivers,
            ["route"] = new HelmValuesBuilder
            {
                ["group_by"] = new List<object> { "namespace", "alertname" },
                ["receiver"] = NullReceiver,
                ["routes"] = routes,
            },
        }.Build();
    }

    private static HelmValuesBuilder Receiver(AlertReceiverSettings r)
    {
        var file = SecretFile(r.Name);
        var config = r.Type switch
        {
            "slack" => new HelmValuesBuilder { ["api_url_file"] = file, ["send_resolved"] = true },
            "pagerduty" => new HelmValuesBuilder { ["routing_key_file"] = file, ["send_resolved"] = true },
            "webhook" => new HelmValuesBuilder { ["url_file"] = file, ["send_resolved"] = true },
            "email" => new HelmValuesBuilder
            {
                ["auth_password_file"] = file,
                ["from"] = r.From ?? string.Empty,
                ["send_resolved"] = true,
                ["smarthost"] = r.Smarthost ?? string.Empty,
                ["to"] = r.To ?? string.Empty,
            },
            _ => throw new ArgumentException($"receiver {r.Name}: unknown type {r.Type} (validation admits {string.Join(", ", Types)})", nameof(r)),
        };
        if (r.Channel is { } channel)
        {
            config["channel"] = channel;
        }

        if (r.Username is { } username)
        {
            config["auth_username"] = username;
        }

        return new HelmValuesBuilder
        {
            ["name"] = r.Name,
            [$"{r.Type}_configs"] = new List<object> { config },
        };
    }
}
