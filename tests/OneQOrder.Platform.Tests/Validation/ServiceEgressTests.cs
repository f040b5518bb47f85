using System.Net;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Kubernetes;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;
using k8s.Models;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// Identity egress (issue 10, item 3): every service reaches its cloud credential endpoint, and a stack may declare
/// per service the extra egress it needs (<c>services[].egress</c>), closed by default, validated with clear errors,
/// rendered so that it opens neither another service nor the node's metadata.
/// </summary>
public sealed class ServiceEgressTests
{
    private static string Services(string pgEgress) => $$"""

        oneq-order-infra:services:
          - { name: oneq-order, public: true }
          - name: pg
            egress:
        {{pgEgress}}
          - { name: appcard, public: true }
          - { name: card }
          - { name: bank }
        """;

    [Fact]
    public void Bad_egress_entries_are_reported_together_each_naming_its_key()
    {
        // Arrange: inside the network, link-local, not canonical, out-of-range port, a duplicate.
        var yaml = Config.MinimalAws + Services("""
                  - { cidr: 10.0.1.0/24, port: 443 }
                  - { cidr: 169.254.169.254/32, port: 80 }
                  - { cidr: 1.2.3.4/8, port: 443 }
                  - { cidr: 0.0.0.0/0, port: 70000 }
                  - { cidr: 0.0.0.0/0, port: 443 }
                  - { cidr: 0.0.0.0/0, port: 443 }
            """);

        // Act
        var result = StackConfiguration.Load(Config.FromYaml("dev", yaml));

        // Assert
        Assert.Equal(
            [
                "oneq-order-infra:services[1].egress[0].cidr",
                "oneq-order-infra:services[1].egress[1].cidr",
                "oneq-order-infra:services[1].egress[2].cidr",
                "oneq-order-infra:services[1].egress[3].port",
                "oneq-order-infra:services[1].egress[5]",
            ],
            result.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains(result.Errors, e => e.Value == "10.0.1.0/24" && e.Message.Contains("outside network.cidr (10.0.0.0/16)", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Value == "169.254.169.254/32" && e.Message.Contains("169.254.0.0/16", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Value == "1.2.3.4/8" && e.Message.Contains("canonical form", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Value == "0.0.0.0/0:443" && e.Message.Contains("each destination once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Egress_is_closed_by_default_apart_from_the_credential_endpoint(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(Repository.Validated(stack));
        var net = new NetworkPolicyEvaluator(RenderedDocuments.NetworkPolicies(plan.ServiceNamespaces));
        var endpoints = plan.WorkloadIdentities[0].CredentialEndpoints;

        // Act + Assert
        foreach (var tenant in plan.Tenants.Tenants)
        {
            var pod = PodRef.InNamespace(tenant.Namespace, IPAddress.Parse("10.0.0.10"));
            Assert.All(endpoints, e => Assert.True(net.Allows(pod, Outside(IPNetwork.Parse(e.Cidr).BaseAddress), 80, "TCP"), $"{tenant.Name} -> {e.Cidr}"));
            Assert.False(net.Allows(pod, Outside(IPAddress.Parse("203.0.113.10")), 443, "TCP"));
            Assert.False(net.Allows(pod, Outside(IPAddress.Parse("169.254.169.254")), 443, "TCP"));
        }

        Assert.Equal(stack == "prod" ? ["169.254.170.23/32", "fd00:ec2::23/128"] : ["169.254.169.254/32"], endpoints.Select(e => e.Cidr));
        Assert.All(plan.WorkloadIdentities, i => Assert.Equal(endpoints, i.CredentialEndpoints));
    }

    [Fact]
    public void Declared_egress_opens_its_port_to_the_internet_but_not_the_network_or_the_node_metadata()
    {
        // Arrange: pg calls a cloud API over the internet (no VPC endpoint).
        var yaml = Config.MinimalAws + Services("          - { cidr: 0.0.0.0/0, port: 443 }");
        var plan = PlatformPlanner.Build(StackConfiguration.LoadOrThrow(Config.FromYaml("dev", yaml)));
        var policies = RenderedDocuments.NetworkPolicies(plan.ServiceNamespaces);
        var net = new NetworkPolicyEvaluator(policies);
        PodRef Pod(string ns) => PodRef.InNamespace(ns, IPAddress.Parse("10.0.0.10"));

        // Act
        var declared = Assert.Single(policies, p => p.Metadata.Name == ServiceNamespaces.AllowDeclaredEgress);

        // Assert: rendered with the network and link-local excepted; only pg gets it, only on 443.
        Assert.Equal("pg", declared.Metadata.NamespaceProperty);
        var block = Assert.Single(Assert.Single(declared.Spec.Egress).To).IpBlock;
        Assert.Equal("0.0.0.0/0", block.Cidr);
        Assert.Equal(["10.0.0.0/16", "169.254.0.0/16"], block.Except);
        Assert.True(net.Allows(Pod("pg"), Outside(IPAddress.Parse("203.0.113.10")), 443, "TCP"));
        Assert.False(net.Allows(Pod("pg"), Outside(IPAddress.Parse("203.0.113.10")), 80, "TCP"));
        Assert.False(net.Allows(Pod("pg"), Outside(IPAddress.Parse("10.0.5.5")), 443, "TCP"));
        Assert.False(net.Allows(Pod("pg"), Outside(IPAddress.Parse("169.254.169.254")), 443, "TCP"));
        Assert.False(net.Allows(Pod("card"), Outside(IPAddress.Parse("203.0.113.10")), 443, "TCP"));
        Assert.Equal(OneQOrder.Platform.Guardrails.GuardrailStatus.Pass, plan.Guardrails["WI-02"].Status);
    }

    private static PodRef Outside(IPAddress address) => new(null, new Dictionary<string, string>(), address);
}
