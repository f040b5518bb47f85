using System.Collections.Immutable;
using System.Globalization;
using OneQOrder.Infra.Components;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using Pulumi;
using Pulumi.Utilities;

namespace OneQOrder.Infra.Tests.Mesh;

/// <summary>The Linkerd component: PKI, install order, pinned charts with exactly the rendered values.</summary>
public sealed class ServiceMeshTests
{
    private const string PrivateKey = "tls:index/privateKey:PrivateKey";
    private const string SelfSignedCert = "tls:index/selfSignedCert:SelfSignedCert";
    private const string CertRequest = "tls:index/certRequest:CertRequest";
    private const string LocallySignedCert = "tls:index/locallySignedCert:LocallySignedCert";

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Mesh_releases_install_the_pinned_charts_with_exactly_the_rendered_values_files(string stack)
    {
        // Arrange
        var run = await InClusterLayers.RunAsync(stack);

        // Act
        var releases = run.ChildrenOf("oneq:infra:ServiceMesh").Where(r => r.Type == LayersRun.Release).ToList();

        // Assert
        Assert.Equal(run.Plan.Mesh.Releases.Select(r => $"mesh-{r.Name}"), releases.Select(r => r.Name));
        foreach (var (plan, release) in run.Plan.Mesh.Releases.Zip(releases))
        {
            ReleaseAssert.MatchesPlan(plan, release);
        }
    }

    [Fact]
    public async Task Mesh_installs_gateway_api_then_namespaces_then_each_release_after_the_previous()
    {
        // Arrange
        var run = await InClusterLayers.RunAsync("prod");
        var chain = new[] { run.Named(LayersRun.ConfigGroup, "mesh-gateway-api-crds"), run.Named(LayersRun.ConfigGroup, "mesh-namespaces") }
            .Concat(run.Plan.Mesh.Releases.Select(r => run.Named(LayersRun.Release, $"mesh-{r.Name}")))
            .ToList();

        // Act + Assert: linkerd-crds, linkerd2-cni, linkerd-control-plane, linkerd-viz (DESIGN.md install order).
        Assert.Equal(
            [ChartCatalogue.LinkerdCrds.Name, ChartCatalogue.LinkerdCni.Name, ChartCatalogue.LinkerdControlPlane.Name, ChartCatalogue.LinkerdViz.Name],
            chain.Skip(2).Select(r => (string)r.Input("chart")));
        foreach (var (earlier, later) in chain.Zip(chain.Skip(1)))
        {
            run.Timeline.AssertAfter(earlier, later);
        }
    }

    [Fact]
    public async Task Gateway_api_crds_and_mesh_namespaces_are_applied_from_the_plan()
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync("dev");

        // Assert
        var gatewayApi = run.Named(LayersRun.ConfigGroup, "mesh-gateway-api-crds");
        Assert.Equal([run.Plan.Mesh.GatewayApiCrdsUrl], Inputs.List(gatewayApi.Input("files")));
        var namespaces = run.Named(LayersRun.ConfigGroup, "mesh-namespaces");
        Assert.Equal(run.Plan.Mesh.Namespaces.Yaml, namespaces.Input("yaml"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Viz_scrape_authorization_is_applied_from_the_plan_after_the_viz_release(string stack)
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync(stack);

        // Assert: the rendered file, through the cluster's provider, once linkerd-viz (and so its namespace's pods) is up.
        var vizPolicy = run.Named(LayersRun.ConfigGroup, "mesh-viz-policy");
        Assert.Equal(run.Plan.Mesh.VizPolicy.Yaml, vizPolicy.Input("yaml"));
        Assert.Contains("linkerd-admin", (string)vizPolicy.Input("yaml"), StringComparison.Ordinal);
        Assert.Equal("oneq:infra:ServiceMesh", run.ParentTypeOf(vizPolicy));
        run.Timeline.AssertAfter(run.Named(LayersRun.Release, $"mesh-{ChartCatalogue.LinkerdViz.Name}"), vizPolicy);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Trust_anchor_and_issuer_are_ecdsa_p256_and_the_issuer_is_a_ca_signed_by_the_anchor(string stack)
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync(stack);

        // Assert: both keys ECDSA P-256 (Linkerd accepts nothing else for its identity PKI).
        var keys = run.OfType(PrivateKey);
        Assert.Equal(["mesh-issuer-key", "mesh-trust-anchor-key"], keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Equal(("ECDSA", "P256"), ((string)k.Input("algorithm"), (string)k.Input("ecdsaCurve"))));

        var anchor = run.Named(SelfSignedCert, "mesh-trust-anchor");
        Assert.Equal(TimelineKey("mesh-trust-anchor-key"), anchor.Input("privateKeyPem"));
        Assert.True((bool)anchor.Input("isCaCertificate"));
        Assert.Equal(["cert_signing", "crl_signing"], Inputs.List(anchor.Input("allowedUses")));
        Assert.Equal("root.linkerd.cluster.local", anchor.At("subject.commonName"));
        Assert.Equal(run.Plan.Mesh.TrustAnchorValidityHours, Convert.ToInt32(anchor.Input("validityPeriodHours"), CultureInfo.InvariantCulture));
        Assert.False(anchor.Inputs.ContainsKey("earlyRenewalHours"), "a routine `pulumi up` must never replace the trust anchor");

        var request = run.Named(CertRequest, "mesh-issuer-csr");
        Assert.Equal(TimelineKey("mesh-issuer-key"), request.Input("privateKeyPem"));
        Assert.Equal("identity.linkerd.cluster.local", request.At("subject.commonName"));

        var issuer = run.Named(LocallySignedCert, "mesh-issuer");
        Assert.Equal(RegistrationTimeline.Pem("CERTIFICATE REQUEST", "mesh-issuer-csr"), issuer.Input("certRequestPem"));
        Assert.Equal(RegistrationTimeline.Pem("CERTIFICATE", "mesh-trust-anchor"), issuer.Input("caCertPem"));
        Assert.Equal(TimelineKey("mesh-trust-anchor-key"), issuer.Input("caPrivateKeyPem"));
        Assert.True((bool)issuer.Input("isCaCertificate"));
        Assert.Equal(["cert_signing", "crl_signing"], Inputs.List(issuer.Input("allowedUses")));
        var validity = Convert.ToInt32(issuer.Input("validityPeriodHours"), CultureInfo.InvariantCulture);
        Assert.Equal(run.Plan.Mesh.IssuerValidityHours, validity);
        Assert.True(validity < run.Plan.Mesh.TrustAnchorValidityHours, "the issuer must expire before the anchor it chains to");
        var earlyRenewal = Convert.ToInt32(issuer.Input("earlyRenewalHours"), CultureInfo.InvariantCulture);
        Assert.InRange(earlyRenewal, 1, validity - 1);
    }

    [Fact]
    public async Task Control_plane_gets_the_generated_anchor_and_issuer_and_the_other_releases_get_no_extra_values()
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync("prod");

        // Assert
        var controlPlane = run.Named(LayersRun.Release, $"mesh-{ChartCatalogue.LinkerdControlPlane.Name}");
        Assert.Equal(RegistrationTimeline.Pem("CERTIFICATE", "mesh-trust-anchor"), controlPlane.At("values.identityTrustAnchorsPEM"));
        Assert.Equal(RegistrationTimeline.Pem("CERTIFICATE", "mesh-issuer"), controlPlane.At("values.identity.issuer.tls.crtPEM"));
        Assert.Equal(TimelineKey("mesh-issuer-key"), controlPlane.At("values.identity.issuer.tls.keyPEM"));
        Assert.All(
            run.ChildrenOf("oneq:infra:ServiceMesh").Where(r => r.Type == LayersRun.Release && r != controlPlane),
            r => Assert.False(r.Inputs.ContainsKey("values"), $"{r.Name} must get its rendered values file only"));
    }

    [Fact]
    public async Task Issuer_private_key_reaches_helm_only_as_a_secret()
    {
        // Arrange: the mock monitor strips secret markers from the inputs it records (3.112.1 MockMonitor.ToDictionary
        // keeps only the value), so the values map is checked where the component builds it.
        var result = await Deployment.TestAsync(new RegistrationTimeline().Mock.Object, new Pulumi.Testing.TestOptions { IsPreview = false }, () =>
        {
            var values = ServiceMesh.IdentityValues(Output.Create("anchor"), Output.Create("issuer"), Output.Create("key"));
            return new Dictionary<string, object?> { ["values"] = values };
        });

        // Act
        var values = Assert.IsType<Output<ImmutableDictionary<string, object>>>(result.Outputs["values"]);

        // Assert
        Assert.True(await Output.IsSecretAsync(values));
        var map = await OutputUtilities.GetValueAsync(values);
        Assert.Equal("key", ((IDictionary<string, object>)((IDictionary<string, object>)((IDictionary<string, object>)map["identity"])["issuer"])["tls"])["keyPEM"]);
    }

    [Fact]
    public async Task Mesh_outputs_the_public_trust_anchor_and_the_control_plane_namespace()
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync("dev");

        // Assert
        Assert.Equal(RegistrationTimeline.Pem("CERTIFICATE", "mesh-trust-anchor"), await OutputUtilities.GetValueAsync(run.Mesh.TrustAnchorPem));
        Assert.Equal(run.Plan.Mesh.ControlPlaneNamespace, await OutputUtilities.GetValueAsync(run.Mesh.ControlPlaneNamespace));
    }

    private static string TimelineKey(string name) => RegistrationTimeline.Pem("EC PRIVATE KEY", name);
}
