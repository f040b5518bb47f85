using System.Globalization;
using System.Text;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Plan.Report;

/// <summary>One titled section of the readable report. Add a section by implementing this and listing it in <see cref="TextReport.Sections"/>.</summary>
public interface IReportSection
{
    /// <summary>The heading printed above the section.</summary>
    string Title { get; }

    /// <summary>Writes the section's lines (the heading is written by <see cref="TextReport"/>).</summary>
    void Write(PlanDocument plan, ReportWriter writer);

    /// <summary>Whether the plan has anything for the section; a section without is left out, heading included.</summary>
    bool IsShown(PlanDocument plan) => true;
}

/// <summary>The readable report: a header line, then each section in <see cref="Sections"/> order.</summary>
public static class TextReport
{
    /// <summary>The sections, in print order.</summary>
    public static IReadOnlyList<IReportSection> Sections { get; } =
    [
        new NetworkSection(),
        new ClusterSection(),
        new AddonsSection(),
        new MeshSection(),
        new MonitoringSection(),
        new PublicEntrySection(),
        new NamespacesSection(),
        new CallsSection(),
        new CallMatrixSection(),
        new GuardrailsSection(),
        new CostSection(),
        new FitSection(),
    ];

    public static string Render(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var writer = new ReportWriter();
        writer.Line($"stack {plan.Stack} ({plan.Environment}): {plan.Cloud}, region {plan.Region}"
            + (plan.GcpProject is null ? string.Empty : $", project {plan.GcpProject}"));
        writer.Line($"zones: {string.Join(", ", plan.Zones)}");
        foreach (var section in Sections.Where(s => s.IsShown(plan)))
        {
            writer.Line();
            writer.Line(section.Title);
            section.Write(plan, writer);
        }

        return writer.ToString();
    }
}

/// <summary>Builds report text: indented lines and aligned tables, <c>\n</c> line ends on every platform.</summary>
public sealed class ReportWriter
{
    private const string Indent = "  ";
    private readonly StringBuilder text = new();

    /// <summary>The widest a report line gets: longer lines wrap at spaces (a single longer word, such as a URL, stays whole).</summary>
    public const int Width = 120;

    /// <summary>Most rows a table of services or calls prints; the rest is summarised (plan.json has every row).</summary>
    public const int MaxRows = 50;

    /// <summary>A line; wrapped lines continue under its text, or at <paramref name="continuation"/> when given.</summary>
    public void Line(string line = "", int? continuation = null)
    {
        var hanging = new string(' ', continuation ?? (line.Length - line.TrimStart(' ').Length + 4));
        while (line.Length > Width)
        {
            var cut = line.LastIndexOf(' ', Width);
            if (cut <= hanging.Length)
            {
                cut = line.IndexOf(' ', Width);
            }

            if (cut < 0 || string.IsNullOrWhiteSpace(line[..cut]))
            {
                break;
            }

            text.Append(line[..cut].TrimEnd()).Append('\n');
            line = hanging + line[(cut + 1)..].TrimStart(' ');
        }

        text.Append(line).Append('\n');
    }

    /// <summary>An indented <c>label: value</c> line.</summary>
    public void Field(string label, string value) => Line($"{Indent}{label}: {value}", Indent.Length + label.Length + 2);

    /// <summary>The line that stands for the rows of a long table that are not printed.</summary>
    public void More(int total, string what)
    {
        if (total > MaxRows)
        {
            Line($"{Indent}{Indent}… and {Number(total - MaxRows)} more {what} (plan.json lists all {Number(total)})");
        }
    }

    /// <summary>An indented table, columns padded to their widest cell; trailing spaces trimmed.</summary>
    public void Table(IReadOnlyList<IReadOnlyList<string>> rows) => Table(rows, notes: null);

    /// <summary>
    /// An indented table, as <see cref="Table(IReadOnlyList{IReadOnlyList{string}})"/>, where a row may be followed by a
    /// note line (null: none) starting under its second column, so long text does not widen the table.
    /// </summary>
    public void Table(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<string?>? notes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0))
            .ToList();
        var noteIndent = new string(' ', (Indent + Indent).Length + (columns > 1 ? widths[0] + 2 : 0));
        // A wrapped row continues under its last cell, so the columns stay readable.
        var lastColumn = (Indent + Indent).Length + widths.Take(Math.Max(columns - 1, 0)).Sum(w => w + 2);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Select((cell, c) => cell.PadRight(widths[c]));
            Line((Indent + Indent + string.Join("  ", cells)).TrimEnd(), lastColumn < Width / 2 ? lastColumn : noteIndent.Length);
            if (notes is not null && notes[i] is { } note)
            {
                Line(noteIndent + note, noteIndent.Length);
            }
        }
    }

    public static string OnOff(bool value) => value ? "on" : "off";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "none";

    /// <inheritdoc />
    public override string ToString() => text.ToString();
}

/// <summary>The VPC, its subnets, the NAT and the route tables.</summary>
internal sealed class NetworkSection : IReportSection
{
    public string Title => "Network";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var n = plan.Network;
        writer.Field(plan.Cloud == "aws" ? "vpc" : "vpc network", $"{n.Name} {n.Cidr} (flow logs {ReportWriter.OnOff(n.FlowLogs)})");
        writer.Field("subnets", ReportWriter.Number(n.Subnets.Count));
        writer.Table(n.Subnets.Select(s => (IReadOnlyList<string>)
            [s.Role, s.Name, s.Cidr, s.Zone, string.Join(" ", s.Tags.Select(t => $"{t.Key}={t.Value}"))]).ToList());
        if (n.SecondaryRanges.Count > 0)
        {
            writer.Field("secondary ranges", ReportWriter.Number(n.SecondaryRanges.Count));
            writer.Table(n.SecondaryRanges.Select(r => (IReadOnlyList<string>)[r.Name, r.Cidr]).ToList());
        }

        if (n.Router is not null)
        {
            writer.Field("cloud router", n.Router);
        }

        writer.Field(plan.Cloud == "aws" ? "NAT gateways" : "Cloud NATs", ReportWriter.Number(n.NatGateways.Count));
        writer.Table(n.NatGateways.Select(g => (IReadOnlyList<string>)[g.Name, plan.Cloud == "aws" ? $"in {g.Subnet}" : $"serves {g.Subnet}"]).ToList());
        if (n.RouteTables.Count > 0)
        {
            writer.Field("route tables", ReportWriter.Number(n.RouteTables.Count));
            writer.Table(n.RouteTables.Select(r => (IReadOnlyList<string>)
                [r.Name, $"0.0.0.0/0 -> {r.DefaultRoute}", string.Join(", ", r.Subnets)]).ToList());
        }

        if (n.ControlPlaneCidr is not null)
        {
            writer.Field("control plane range", n.ControlPlaneCidr);
        }
    }
}

/// <summary>The cluster to be created and its node pools.</summary>
internal sealed class ClusterSection : IReportSection
{
    public string Title => "Cluster";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var c = plan.Cluster;
        writer.Field(c.Kind, $"{c.Name}, Kubernetes {c.KubernetesVersion}"
            + (c.ReleaseChannel is null ? string.Empty : $" ({c.ReleaseChannel} channel)") + $", in {c.Location}");
        writer.Field("node zones", ReportWriter.List(c.NodeZones));
        writer.Field("nodes", c.PrivateNodes ? "private (no public IPs)" : "PUBLIC IPs");
        writer.Field("endpoint", c.PublicEndpoint
            ? $"private, and public from {string.Join(", ", c.PublicAccessCidrs)}"
            : "private only");
        writer.Field("secrets encryption", ReportWriter.OnOff(c.SecretsEncryption));
        writer.Field("audit logs", c.AuditLogs ? $"on, kept {ReportWriter.Number(c.AuditLogRetentionDays)} days" : "off");
        writer.Field("deletion protection", ReportWriter.OnOff(c.DeletionProtection));
        writer.Field("node pools", ReportWriter.Number(c.NodePools.Count));
        writer.Table(c.NodePools.Select(p => (IReadOnlyList<string>)
        [
            p.Name, p.MachineType, $"{ReportWriter.Number(p.MinNodes)}-{ReportWriter.Number(p.MaxNodes)} nodes",
            $"{ReportWriter.Number(p.DiskSizeGb)} GB disk", $"in {string.Join(", ", p.Subnets)}",
        ]).ToList());
    }
}

/// <summary>Storage and node scaling: the StorageClass every PVC names, and each add-on with its version and identity.</summary>
internal sealed class AddonsSection : IReportSection
{
    public string Title => "Cluster add-ons";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var a = plan.Addons;
        var s = a.StorageClass;
        writer.Field("storage class", $"{s.Name}{(s.IsDefault ? " (default)" : string.Empty)}: {s.Provisioner}, "
            + $"{string.Join(", ", s.Parameters.Select(p => $"{p.Key}={p.Value}"))}, key {s.KmsKey}, {s.VolumeBindingMode}, "
            + $"expansion {ReportWriter.OnOff(s.AllowVolumeExpansion)}");
        writer.Field("node scaling", a.NodeScaling.Mechanism);
        foreach (var addon in a.Addons)
        {
            writer.Field(addon.Name, $"{addon.Version}; identity: {addon.Identity}; why: {addon.Why}");
        }

        writer.Field("releases", ReportWriter.Number(a.Releases.Count));
        writer.Table(a.Releases.Select(MeshSection.ReleaseRow).ToList());
    }
}

/// <summary>Linkerd as the settings ask for it, and its pinned charts.</summary>
internal sealed class MeshSection : IReportSection
{
    public string Title => "Mesh (Linkerd)";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var m = plan.Mesh;
        writer.Field("high availability", ReportWriter.OnOff(m.HighAvailability));
        writer.Field("injection", ReportWriter.OnOff(m.Injection));
        writer.Field("default inbound policy", m.DefaultInboundPolicy);
        writer.Field("proxy", $"requests {m.Proxy.CpuRequest} cpu / {m.Proxy.MemoryRequest}, limits {m.Proxy.CpuLimit} cpu / {m.Proxy.MemoryLimit}");
        writer.Field("certificates", $"trust anchor {ReportWriter.Number(m.TrustAnchorValidityHours)} h, issuer {ReportWriter.Number(m.IssuerValidityHours)} h");
        writer.Field("gateway api", $"{m.GatewayApiVersion} (CRDs applied before the charts)");
        writer.Field("releases", ReportWriter.Number(m.Releases.Count));
        writer.Table(m.Releases.Select(ReleaseRow).ToList());
    }

    /// <summary>A release as a table row: name, namespace, chart version and repository.</summary>
    internal static IReadOnlyList<string> ReleaseRow(ReleaseDocument r) =>
        [r.Name, $"in {r.Namespace}", r.Chart.Version, r.Chart.Repository];
}

/// <summary>The one Prometheus/Grafana.</summary>
internal sealed class MonitoringSection : IReportSection
{
    public string Title => "Monitoring";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var m = plan.Monitoring;
        writer.Field("prometheus", $"retention {m.Retention}, storage {ReportWriter.Number(m.StorageGi)} Gi");
        writer.Field("grafana admin", m.GrafanaAdminFromSecret ? "from a generated Secret" : "CHART DEFAULT");
        writer.Field("release", $"{m.Release.Name} in {m.Release.Namespace}, chart {m.Release.Chart.Name} {m.Release.Chart.Version} ({m.Release.Chart.Repository})");
        var notified = m.Receivers.Where(r => r.Type != "null").ToList();
        writer.Field("alert routing", notified.Count == 0
            ? "every alert to the null receiver: no one is notified"
            : $"by severity; secrets from the Secret {m.ReceiverSecret} (Pulumi secret config), never in these files");
        writer.Table(m.Receivers.Select(r => (IReadOnlyList<string>)
            [r.Name, r.Type, r.Severities.Count == 0 ? "what no other receiver takes" : string.Join(", ", r.Severities)]).ToList());
        writer.Field("rules", $"{ReportWriter.Number(m.Rules.Count)} PrometheusRules, {ReportWriter.Number(m.Rules.Sum(r => r.Alerts.Count))} alerts, {ReportWriter.Number(m.Rules.Sum(r => r.RecordingRules))} recording rules");
        // Platform rules one by one; the per-service SLO rules (one per service, the same alerts each) as one line,
        // so the report stays short for any number of services (plan.json lists every rule).
        var slo = m.Rules.Where(r => r.Name.StartsWith(SloRules.RuleName(string.Empty), StringComparison.Ordinal)).ToList();
        var ruleRows = m.Rules.Except(slo).Select(r => (IReadOnlyList<string>)
            [r.Name, $"{ReportWriter.Number(r.RecordingRules)} recorded", string.Join(", ", r.Alerts.Distinct())]).ToList();
        if (slo.Count > 0)
        {
            ruleRows.Add([$"{SloRules.RuleName("<service>")} × {ReportWriter.Number(slo.Count)}", $"{ReportWriter.Number(slo.Sum(r => r.RecordingRules))} recorded",
                string.Join(", ", slo.SelectMany(r => r.Alerts).Distinct())]);
        }

        writer.Table(ruleRows);

        writer.Field("trust anchor expiry", $"recorded at deploy in the PrometheusRule {PlatformRules.TrustAnchorRuleName} from the generated anchor's validity end (Linkerd exports no metric for it)");
        writer.Field("dashboards", $"{ReportWriter.Number(m.Dashboards.Count)} from ConfigMaps (Grafana sidecar), nothing downloaded");
        var perService = m.Dashboards.Where(d => d.Uid.StartsWith(Dashboards.ServiceUid(string.Empty), StringComparison.Ordinal)).ToList();
        writer.Table([.. m.Dashboards.Except(perService).Select(d => (IReadOnlyList<string>)[d.Uid, d.Title]),
            .. perService.Count == 0 ? [] : new[] { (IReadOnlyList<string>)[$"{Dashboards.ServiceUid("<service>")} × {ReportWriter.Number(perService.Count)}", "one per service: golden signals, inbound and outbound calls"] }]);
    }
}

/// <summary>The one public entry (issue 12): load balancer, gateway, routes, certificates, DNS; absent without an ingress.</summary>
internal sealed class PublicEntrySection : IReportSection
{
    public string Title => "Public entry";

    public bool IsShown(PlanDocument plan) => plan.PublicEntry is not null;

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var e = plan.PublicEntry!;
        var lb = e.LoadBalancer;
        writer.Field("load balancer", $"{lb.Kind}, {lb.Scheme}, targets {lb.TargetType}, from {string.Join(", ", lb.SourceRanges)}; client address: {lb.ClientIp}");
        var g = e.Gateway;
        writer.Field("gateway", $"{g.Name} (class {g.GatewayClass}), {g.Controller}; {ReportWriter.Number(g.Replicas)} Envoy replica(s) as {g.MeshIdentity ?? "no identity"}");
        writer.Field("listeners", $"{string.Join(", ", g.Listeners)}; TLS minimum {g.TlsMinimum ?? "unset"}; plain HTTP: {e.PlainHttp}");
        writer.Field("routes", ReportWriter.Number(e.Routes.Count));
        writer.Table(e.Routes.Select(r => (IReadOnlyList<string>)[r.Hostname, "->", $"{r.Namespace}/{r.Service}:{ReportWriter.Number(r.Port)}"]).ToList());
        var c = e.Certificates;
        writer.Field("certificates", $"ClusterIssuer {c.Issuer}, {c.AcmeServer}, {c.Solver}; one per hostname");
        writer.Table(c.Items.Select(x => (IReadOnlyList<string>)[x.Name, string.Join(", ", x.Hostnames), $"secret {x.Secret}"]).ToList());
        var d = e.Dns;
        writer.Field("dns", $"{d.Release}, provider {d.Provider}, policy {d.Policy}, from {string.Join(", ", d.Sources)}, under {string.Join(", ", d.Domains)} in {d.Zone}");
        writer.Field("releases", ReportWriter.Number(e.Releases.Count));
        writer.Table(e.Releases.Select(MeshSection.ReleaseRow).ToList());
    }
}

/// <summary>The service namespaces.</summary>
internal sealed class NamespacesSection : IReportSection
{
    public string Title => "Service namespaces";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        writer.Field("namespaces", ReportWriter.Number(plan.Namespaces.Count));
        writer.Table(plan.Namespaces.Take(ReportWriter.MaxRows).Select(n => (IReadOnlyList<string>)
        [
            n.Name, $"port {ReportWriter.Number(n.Port)}", n.Public ? "public" : "internal",
            $"psa {n.PodSecurity}", $"default-deny {ReportWriter.OnOff(n.DefaultDeny)}",
            $"inject {ReportWriter.OnOff(n.MeshInjection)}", $"inbound {n.DefaultInboundPolicy}",
            $"quota cpu {n.Quota.Cpu}, memory {n.Quota.Memory}, pods {ReportWriter.Number(n.Quota.Pods)}",
        ]).ToList());
        writer.More(plan.Namespaces.Count, "namespaces");
    }
}

/// <summary>The allowed calls; everything else between the namespaces is denied.</summary>
internal sealed class CallsSection : IReportSection
{
    public string Title => "Allowed calls (everything else between the namespaces is denied)";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        writer.Field("calls", ReportWriter.Number(plan.Calls.Count));
        writer.Table(plan.Calls.Take(ReportWriter.MaxRows).Select(c => (IReadOnlyList<string>)[c.From, "->", c.To]).ToList());
        writer.More(plan.Calls.Count, "calls");
    }
}

/// <summary>The allowed calls as a caller × callee matrix (rendered by the Kubernetes layer's <see cref="LayerOutput.CallMatrix(IReadOnlyList{string}, IReadOnlyCollection{ValueTuple{string, string}})"/>).</summary>
internal sealed class CallMatrixSection : IReportSection
{
    /// <summary>Most services a matrix is printed for: its rows are about three characters per service wide.</summary>
    public const int MaxServices = 30;

    public string Title => "Allowed-calls matrix (X: caller may call callee)";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        if (plan.Namespaces.Count > MaxServices)
        {
            // A matrix of N services is N characters wide; past a screen it is noise, and the calls are listed above.
            writer.Line($"  not printed for {ReportWriter.Number(plan.Namespaces.Count)} services (more than {ReportWriter.Number(MaxServices)}); the allowed calls are listed above and in plan.json");
            return;
        }

        var matrix = LayerOutput.CallMatrix(plan.Namespaces.Select(n => n.Name).ToList(), plan.Calls.Select(c => (c.From, c.To)).ToList());
        foreach (var line in matrix.TrimEnd('\n').Split('\n'))
        {
            writer.Line(("  " + line).TrimEnd());
        }
    }
}

/// <summary>
/// The guardrail report: every control with its status; relaxed and not-applicable controls say why on the next line
/// (the evidence of passing controls is in <c>--format json</c>). Printed from <see cref="PlanDocument.Guardrails"/>
/// rather than with <see cref="GuardrailReportText"/>, so text and JSON come from the same record.
/// </summary>
internal sealed class GuardrailsSection : IReportSection
{
    public string Title => "Guardrails (docs/guardrails.md)";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var g = plan.Guardrails;
        var counts = new (GuardrailStatus Status, int Count)[]
        {
            (GuardrailStatus.Pass, g.Counts.Pass), (GuardrailStatus.Relaxed, g.Counts.Relaxed),
            (GuardrailStatus.NotApplicable, g.Counts.NotApplicable), (GuardrailStatus.Fail, g.Counts.Fail),
        };
        writer.Field("controls", $"{ReportWriter.Number(g.Controls.Count)} (" + string.Join(", ", counts
            .Where(c => c.Status != GuardrailStatus.Fail || c.Count > 0)
            .Select(c => $"{ReportWriter.Number(c.Count)} {GuardrailReportText.Label(c.Status)}")) + ")");
        writer.Table(
            g.Controls.Select(c => (IReadOnlyList<string>)
                [c.Id, $"#{ReportWriter.Number(c.Catalogue)}", GuardrailReportText.Label(c.Status), c.Title]).ToList(),
            g.Controls.Select(c => c.Status == GuardrailStatus.Pass ? null : c.Reason).ToList());
    }
}

/// <summary>
/// The monthly estimate (<see cref="PlanDocument.Cost"/>): each item with its unit price, quantities and subtotals at
/// minimum and maximum nodes, its source on the next line; then the totals and the replaced design.
/// </summary>
internal sealed class CostSection : IReportSection
{
    public string Title => "Cost (monthly estimate at list prices)";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        var c = plan.Cost;
        writer.Field("prices", $"{c.Currency}, catalogue of {c.PricedOn}; quantities at minimum / maximum nodes");
        writer.Table(
            [
                ["at min", "at max", "item"],
                .. c.Items.Select(i => (IReadOnlyList<string>)
                    [i.MonthlyAtMinimum is { } min ? Usd(min) : "no price", i.MonthlyAtMaximum is { } max ? Usd(max) : "no price", i.Item]),
            ],
            [
                null,
                .. c.Items.Select(i => (string?)((i.UnitPrice is { } price
                    ? $"{Usd(price)}/{i.Unit} × {Quantity(i.QuantityAtMinimum)} / {Quantity(i.QuantityAtMaximum)}; "
                    : string.Empty) + i.Source)),
            ]);
        var unpriced = c.Items.Count(i => i.UnitPrice is null);
        writer.Field("total", $"{Usd(c.MonthlyAtMinimum)} a month at minimum nodes, {Usd(c.MonthlyAtMaximum)} at maximum"
            + (unpriced == 0 ? string.Empty : $" (without {ReportWriter.Number(unpriced)} item(s) that have no price)"));
        writer.Field("replaced design", $"{Usd(c.ReplacedDesignMonthly)} a month (5 NAT gateways, 5 load balancers, 8 × 2 vCPU / 4 GiB, same region and catalogue)");
        writer.Field("ratio", c.RatioToReplaced is { } ratio ? $"{ratio.ToString("0.000", CultureInfo.InvariantCulture)} of the replaced design at minimum nodes" : "no price for the replaced design in this region");
    }

    internal static string Usd(decimal value) => (value < 0 ? "-$" : "$") + Math.Abs(value).ToString(value == decimal.Round(value, 2) ? "#,0.00" : "#,0.00####", CultureInfo.InvariantCulture);

    private static string Quantity(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}

/// <summary>The fit check (<see cref="PlanDocument.Fit"/>): each pool at its minimum nodes against the platform's pods.</summary>
internal sealed class FitSection : IReportSection
{
    /// <summary>Most unplaced pods printed per pool; plan.json lists them all.</summary>
    private const int MaxUnplaced = 10;

    public string Title => "Fit (the platform's requests on each pool's minimum nodes)";

    public void Write(PlanDocument plan, ReportWriter writer)
    {
        foreach (var f in plan.Fit)
        {
            var allocatable = f.AllocatableCpuMillis is { } cpu && f.AllocatableMemoryMiB is { } memory
                ? $"{ReportWriter.Number(f.Nodes)} × {ReportWriter.Number(cpu)}m / {ReportWriter.Number(memory)} MiB allocatable"
                : "allocatable unknown (machine type not catalogued)";
            writer.Field(f.Pool, $"{f.MachineType}: {(f.Fits ? "fits" : "DOES NOT FIT")}; {ReportWriter.Number(f.Pods)} pods request {ReportWriter.Number(f.RequestedCpuMillis)}m / {ReportWriter.Number(f.RequestedMemoryMiB)} MiB of {allocatable}");
            if (f.Unplaced.Count > 0)
            {
                writer.Field("unplaced", string.Join(", ", f.Unplaced.Take(MaxUnplaced))
                    + (f.Unplaced.Count > MaxUnplaced ? $", … and {ReportWriter.Number(f.Unplaced.Count - MaxUnplaced)} more (plan.json lists all)" : string.Empty));
            }
        }
    }
}
