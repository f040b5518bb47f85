using System.Text.Json.Nodes;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Everything above the cluster is identical on GKE and EKS (DESIGN.md, "Stacks") except what is genuinely
/// cloud-specific, and those differences are named here:
/// 1. NetworkAuthentication <c>spec.networks</c>: the pod address ranges (GKE pod secondary range; EKS private subnets,
///    where the VPC CNI takes pod addresses);
/// 2. linkerd2-cni <c>destCNIBinDir</c>: GKE's Container-Optimized OS keeps CNI binaries in /home/kubernetes/bin;
/// 3. the service ServiceAccount's <c>iam.gke.io/gcp-service-account</c> annotation: GKE Workload Identity links the
///    KSA to its Google service account by annotation, while EKS Pod Identity links it by an association resource
///    (guardrail #19), so only GCP renders it;
/// 4. the sources of the monitoring NetworkPolicy <c>allow-webhook-from-api-server</c>: where the API server calls
///    admission webhooks from (GKE: the control plane's range, network.controlPlaneCidr; EKS: the control plane's
///    ENIs in the cluster's private subnets);
/// 5. Prometheus's <c>storageClassName</c>: each cloud's CSI driver has its own StorageClass (ClusterAddonsPlan), and
///    the cluster add-ons themselves (<c>addons/</c>: Cluster Autoscaler on EKS only) are cloud-specific by design;
/// 6. the destinations of <c>allow-cloud-credentials</c>: each cloud's credential endpoint (EKS Pod Identity agent,
///    GKE metadata server).
/// </summary>
public sealed class CloudIndependenceTests
{
    [Fact]
    public void Gcp_and_aws_render_the_same_layer_apart_from_pod_networks_the_cni_bin_dir_the_workload_identity_annotation_and_the_api_server_range()
    {
        // Arrange
        var gcp = Files(Config.MinimalGcp);
        var aws = Files(Config.MinimalAws);
        Assert.Equal(["addons/values/cluster-autoscaler.yaml", "addons/values/aws-load-balancer-controller.yaml"], aws.Keys.Where(IsAddon));
        Assert.DoesNotContain(gcp.Keys, IsAddon);
        foreach (var addon in aws.Keys.Where(IsAddon).ToList())
        {
            aws.Remove(addon);
        }

        // The edge (the minimal stacks' public services get an ingress) differs by its load balancer plumbing only:
        // EdgeParityTests pins exactly which fields.
        foreach (var edge in gcp.Keys.Where(IsEdge).ToList())
        {
            Assert.True(aws.Remove(edge));
            gcp.Remove(edge);
        }

        // Act
        var differing = gcp.Keys.Where(f => gcp[f] != aws[f]).Order(StringComparer.Ordinal).ToList();
        var normalisedDifferences = differing.Where(f => Normalise(gcp[f]) != Normalise(aws[f])).ToList();

        // Assert
        Assert.Equal(gcp.Keys.Order(), aws.Keys.Order());
        Assert.Equal(
            ["mesh/values/linkerd2-cni.yaml", "mesh/viz-policy.yaml", "monitoring/manifests.yaml", "monitoring/values/kube-prometheus-stack.yaml", "namespaces/appcard.yaml", "namespaces/bank.yaml", "namespaces/card.yaml", "namespaces/oneq-order.yaml", "namespaces/pg.yaml"],
            differing);
        Assert.Empty(normalisedDifferences);
    }

    private static bool IsAddon(string file) => file.StartsWith("addons/", StringComparison.Ordinal);

    private static bool IsEdge(string file) => file.StartsWith("edge/", StringComparison.Ordinal);

    private static Dictionary<string, string> Files(string minimal)
    {
        var settings = StackConfiguration.LoadOrThrow(Config.FromYaml("dev", minimal));
        return LayerOutput.Files(PlatformPlanner.Build(settings)).ToDictionary(f => f.FileName, f => f.Yaml);
    }

    /// <summary>Removes exactly the six named cloud-specific values.</summary>
    private static string Normalise(string yaml) => string.Join("\n", RenderedDocuments.Parse(yaml).Select(d =>
    {
        if ((string?)d["kind"] == "NetworkAuthentication")
        {
            d["spec"]!.AsObject().Remove("networks");
        }

        if ((string?)d["kind"] == "ServiceAccount" && d["metadata"]!["annotations"] is JsonObject annotations)
        {
            annotations.Remove("iam.gke.io/gcp-service-account");
            if (annotations.Count == 0)
            {
                d["metadata"]!.AsObject().Remove("annotations");
            }
        }

        if ((string?)d["kind"] == "NetworkPolicy" && (string?)d["metadata"]!["name"] == MonitoringPlanner.AllowWebhookFromApiServer)
        {
            d["spec"]!["ingress"]![0]!.AsObject().Remove("from");
        }

        if ((string?)d["kind"] == "NetworkPolicy" && (string?)d["metadata"]!["name"] == ServiceNamespaces.AllowCredentials)
        {
            d["spec"]!.AsObject().Remove("egress");
        }

        if (d["prometheus"]?["prometheusSpec"]?["storageSpec"]?["volumeClaimTemplate"]?["spec"] is JsonObject claim)
        {
            claim.Remove("storageClassName");
        }

        d.Remove("destCNIBinDir");
        return d.ToJsonString();
    }));
}
