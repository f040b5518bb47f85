using System.Text.Json;
using OneQOrder.Platform.ClusterAccess;

namespace OneQOrder.Platform.Tests.ClusterAccess;

/// <summary>The kubeconfig and the identities derived for cluster access.</summary>
public sealed class KubeconfigBuilderTests
{
    [Fact]
    public void Eks_kubeconfig_gets_a_token_from_the_aws_cli_for_the_named_cluster_and_region()
    {
        // Act
        var json = KubeconfigBuilder.ForEks("oneq-prod", "ap-northeast-2", "https://example.eks.amazonaws.com", "Q0E=");

        // Assert
        using var config = JsonDocument.Parse(json);
        var root = config.RootElement;
        Assert.Equal("oneq-prod", root.GetProperty("current-context").GetString());
        Assert.Equal("https://example.eks.amazonaws.com", root.GetProperty("clusters")[0].GetProperty("cluster").GetProperty("server").GetString());
        var exec = root.GetProperty("users")[0].GetProperty("user").GetProperty("exec");
        Assert.Equal("client.authentication.k8s.io/v1beta1", exec.GetProperty("apiVersion").GetString());
        Assert.Equal(
            ["--region", "ap-northeast-2", "eks", "get-token", "--cluster-name", "oneq-prod", "--output", "json"],
            exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void Gke_kubeconfig_uses_the_auth_plugin_and_an_https_server()
    {
        // Act
        var json = KubeconfigBuilder.ForGke("oneq-dev", "10.0.0.2", "Q0E=");

        // Assert
        using var config = JsonDocument.Parse(json);
        Assert.Equal("https://10.0.0.2", config.RootElement.GetProperty("clusters")[0].GetProperty("cluster").GetProperty("server").GetString());
        var exec = config.RootElement.GetProperty("users")[0].GetProperty("user").GetProperty("exec");
        Assert.Equal("gke-gcloud-auth-plugin", exec.GetProperty("command").GetString());
        Assert.True(exec.GetProperty("provideClusterInfo").GetBoolean());
    }

    [Fact]
    public void Gke_dns_endpoint_kubeconfig_carries_no_cluster_ca_so_the_public_certificate_verifies()
    {
        // Act
        var json = KubeconfigBuilder.ForGkeDns("oneq-dev", "gke-0123-456.asia-northeast3-a.gke.goog");

        // Assert
        using var config = JsonDocument.Parse(json);
        var cluster = config.RootElement.GetProperty("clusters")[0].GetProperty("cluster");
        Assert.Equal("https://gke-0123-456.asia-northeast3-a.gke.goog", cluster.GetProperty("server").GetString());
        Assert.False(cluster.TryGetProperty("certificate-authority-data", out _));
        Assert.Equal("gke-gcloud-auth-plugin", config.RootElement.GetProperty("users")[0].GetProperty("user").GetProperty("exec").GetProperty("command").GetString());
    }

    [Fact]
    public void Kubeconfig_is_byte_identical_for_the_same_cluster()
    {
        // Act / Assert
        Assert.Equal(
            KubeconfigBuilder.ForEks("c", "r", "https://e", "Q0E="),
            KubeconfigBuilder.ForEks("c", "r", "https://e", "Q0E="));
    }

    [Fact]
    public void Cluster_identity_changes_with_the_ca_and_not_with_the_endpoint()
    {
        // Act
        var original = KubeconfigBuilder.ClusterIdentity("oneq-dev", "Q0EtMQ==");
        var replaced = KubeconfigBuilder.ClusterIdentity("oneq-dev", "Q0EtMg==");

        // Assert
        Assert.NotEqual(original, replaced);
        Assert.Equal(original, KubeconfigBuilder.ClusterIdentity("oneq-dev", "Q0EtMQ=="));
        Assert.StartsWith("oneq-dev-", original, StringComparison.Ordinal);
    }
}
