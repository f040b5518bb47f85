using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;
using OneQOrder.Tests.Support;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// <c>oneq-order-infra:ingress</c> (issue 12): how it is read, its defaults, and each rule alone in an otherwise valid
/// stack with exactly one error, word for word; then several faults at once, and type errors without cascades.
/// </summary>
public sealed class IngressSettingsTests
{
    private const string P = "oneq-order-infra";

    /// <summary>The default catalogue's public services, each with one hostname under oneq.example.</summary>
    private const string Hostnames = "    oneq-order: [order.oneq.example]\n    appcard: [appcard.oneq.example]";

    private const string Email = "    email: platform@oneq.example";

    /// <summary>An ingress block; <paramref name="extra"/> holds more members, each line indented by two spaces.</summary>
    private static string Ingress(string hostnames = Hostnames, string extra = "", string zone = SampleIngress.GcpZone, string domain = "oneq.example", string acme = Email) =>
        $"{P}:ingress:\n  domain: {domain}\n  dnsZone: {zone}\n  hostnames:\n{hostnames}\n  acme:\n{acme}" + (extra.Length > 0 ? "\n" + extra : string.Empty);

    private static string Gcp(string ingress) => Config.MinimalGcp + "\n" + ingress;

    private static string Aws(string ingress) => Config.MinimalAws + "\n" + ingress;

    /// <summary>A test stack (GCP): the rules production adds are not in play.</summary>
    private static string GcpTest(string ingress) => Gcp(ingress) + $"\n{P}:environment: test";

    private static string NotPublic(string ingress) =>
        Gcp(ingress) + $"\n{P}:services:\n  - name: pg\n  - name: card\n{P}:calls: []";

    public static TheoryData<string, string, string> Rules => new()
    {
        {
            "ingress and no public service",
            NotPublic(Ingress(hostnames: "    {}")),
            $"{P}:ingress: got \"a mapping\"; expected no ingress when no service is public: mark the services to expose public (services[].public: true) or remove it (pulumi config rm oneq-order-infra:ingress)"
        },
        {
            "public service without a hostname",
            Gcp(Ingress(hostnames: "    oneq-order: [order.oneq.example]")),
            $"{P}:ingress.hostnames.appcard: missing; expected at least one hostname for the public service appcard, e.g. [appcard.oneq.example]"
        },
        {
            "public service with an empty list",
            Gcp(Ingress(hostnames: Hostnames.Replace("[appcard.oneq.example]", "[]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.appcard: got \"an empty list\"; expected at least one hostname for the public service appcard, e.g. [appcard.oneq.example]"
        },
        {
            "hostname of a service that is not public",
            Gcp(Ingress(hostnames: Hostnames + "\n    pg: [pg.oneq.example]")),
            $"{P}:ingress.hostnames.pg: got \"pg.oneq.example\"; expected no hostnames: pg is not public (services[1].public is false); make it public or remove its hostnames"
        },
        {
            "hostname of an unknown service",
            Gcp(Ingress(hostnames: Hostnames + "\n    shop: [shop.oneq.example, www.oneq.example]")),
            $"{P}:ingress.hostnames.shop: got \"shop.oneq.example, www.oneq.example\"; expected hostnames of a declared public service (oneq-order, appcard): shop is not a service"
        },
        {
            "duplicate hostname within a service",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[order.oneq.example, order.oneq.example]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[1]: got \"order.oneq.example\"; expected a hostname used once (it is also ingress.hostnames.oneq-order[0]): a hostname routes to one service"
        },
        {
            "duplicate hostname across services",
            Gcp(Ingress(hostnames: Hostnames.Replace("[appcard.oneq.example]", "[appcard.oneq.example, order.oneq.example]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.appcard[1]: got \"order.oneq.example\"; expected a hostname used once (it is also ingress.hostnames.oneq-order[0]): a hostname routes to one service"
        },
        {
            "hostname with capitals",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[Order.oneq.example]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"Order.oneq.example\"; expected a lowercase DNS name such as order.oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all)"
        },
        {
            "hostname label longer than 63",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", $"[{new string('o', 64)}.oneq.example]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"{new string('o', 64)}.oneq.example\"; expected a lowercase DNS name such as order.oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all)"
        },
        {
            "hostname with a label ending in a dash",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[order-.oneq.example]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"order-.oneq.example\"; expected a lowercase DNS name such as order.oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all)"
        },
        {
            "wildcard hostname",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "['*.oneq.example']", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"*.oneq.example\"; expected an exact hostname, not a wildcard: each hostname gets its own listener and certificate (ACME DNS-01), and a wildcard would route names no service declared"
        },
        {
            "hostname outside the domain",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[order.oneq.test]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"order.oneq.test\"; expected ingress.domain (oneq.example) or a name under it (….oneq.example): the zone ingress.dnsZone serves only that domain, so no certificate or record could be made for another"
        },
        {
            "hostname that only ends with the domain's text",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[evil-oneq.example]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"evil-oneq.example\"; expected ingress.domain (oneq.example) or a name under it (….oneq.example): the zone ingress.dnsZone serves only that domain, so no certificate or record could be made for another"
        },
        {
            "domain of one label",
            Gcp(Ingress(domain: "example")),
            $"{P}:ingress.domain: got \"example\"; expected a lowercase DNS name of at least two labels such as oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all), not a wildcard or an IP address"
        },
        {
            "domain that is an address",
            Gcp(Ingress(domain: "192.0.2.10")),
            $"{P}:ingress.domain: got \"192.0.2.10\"; expected a lowercase DNS name of at least two labels such as oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all), not a wildcard or an IP address"
        },
        {
            "cloud dns zone given as its dns name",
            Gcp(Ingress(zone: "oneq.example.")),
            $"{P}:ingress.dnsZone: got \"oneq.example.\"; expected a Cloud DNS managed zone name such as oneq-example (1 to 63 lowercase letters, digits or dashes, starting with a letter and ending with a letter or digit; gcloud dns managed-zones list), not the zone's DNS name"
        },
        {
            "cloud dns zone name starting with a digit",
            Gcp(Ingress(zone: "1oneq")),
            $"{P}:ingress.dnsZone: got \"1oneq\"; expected a Cloud DNS managed zone name such as oneq-example (1 to 63 lowercase letters, digits or dashes, starting with a letter and ending with a letter or digit; gcloud dns managed-zones list), not the zone's DNS name"
        },
        {
            "source ranges empty",
            Gcp(Ingress(extra: "  sourceCidrs: []")),
            $"{P}:ingress.sourceCidrs: got \"an empty list\"; expected at least one IPv4 CIDR (0.0.0.0/0, the default, for the whole internet): an empty list would admit no one"
        },
        {
            "source range with host bits",
            Gcp(Ingress(extra: "  sourceCidrs: [203.0.113.7/24]")),
            $"{P}:ingress.sourceCidrs[0]: got \"203.0.113.7/24\"; expected an IPv4 CIDR in canonical form (address bits past the prefix zero), such as 203.0.113.0/24 or 0.0.0.0/0"
        },
        {
            "source range in ipv6",
            Gcp(Ingress(extra: "  sourceCidrs: ['2001:db8::/32']")),
            $"{P}:ingress.sourceCidrs[0]: got \"2001:db8::/32\"; expected an IPv4 CIDR: the network and its load balancer are IPv4-only, so an IPv6 range would never match"
        },
        {
            "source range twice",
            Gcp(Ingress(extra: "  sourceCidrs: [203.0.113.0/24, 203.0.113.0/24]")),
            $"{P}:ingress.sourceCidrs[1]: got \"203.0.113.0/24\"; expected each range once"
        },
        {
            "too many source ranges",
            Gcp(Ingress(extra: "  sourceCidrs: [" + string.Join(", ", Enumerable.Range(0, 31).Select(i => $"203.0.{i}.0/24")) + "]")),
            $"{P}:ingress.sourceCidrs: got \"31 ranges\"; expected at most 30 ranges: on AWS each is a security group rule per listener port, and a security group holds 60 inbound rules"
        },
        {
            "unknown http mode",
            Gcp(Ingress(extra: "  http: https-only")),
            $"{P}:ingress.http: got \"https-only\"; expected redirect, off or serve"
        },
        {
            "plain http served in production",
            Gcp(Ingress(extra: "  http: serve")),
            $"{P}:ingress.http: got \"serve\"; expected redirect or off in production (guardrail EDGE-02 \"Plain HTTP only redirects to https\"; PCI 4.2.1, OWASP Transport Layer Security Cheat Sheet (\"Use TLS for all pages\"), gateway-api HTTPRoute RequestRedirect)"
        },
        {
            "acme email without a domain",
            Gcp(Ingress(acme: "    email: platform")),
            $"{P}:ingress.acme.email: got \"platform\"; expected an email address such as platform@oneq.example (the ACME account's contact)"
        },
        {
            "acme email missing",
            Gcp(Ingress(acme: "    server: production")),
            $"{P}:ingress.acme.email: missing; expected the ACME account's contact address, e.g. platform@oneq.example"
        },
        {
            "unknown acme server",
            Gcp(Ingress(acme: Email + "\n    server: letsencrypt")),
            $"{P}:ingress.acme.server: got \"letsencrypt\"; expected production or staging"
        },
        {
            "staging certificates in production",
            Gcp(Ingress(acme: Email + "\n    server: staging")),
            $"{P}:ingress.acme.server: got \"staging\"; expected production in a production stack: Let's Encrypt staging certificates chain to a root no browser or client trusts (letsencrypt.org/docs/staging-environment), so every client would refuse the connection"
        },
        {
            "one replica in production",
            Gcp(Ingress(extra: "  replicas: 1")),
            $"{P}:ingress.replicas: got \"1\"; expected at least 2 in production (at most 20): the entry keeps serving while a node or a zone is lost or Envoy rolls an upgrade (the replicas are spread over the stack's zones)"
        },
        {
            "no replicas",
            GcpTest(Ingress(extra: "  replicas: 0")),
            $"{P}:ingress.replicas: got \"0\"; expected a whole number from 1 to 20"
        },
        {
            "request timeout above an hour",
            Gcp(Ingress(extra: "  limits:\n    requestTimeoutSeconds: 7200")),
            $"{P}:ingress.limits.requestTimeoutSeconds: got \"7200\"; expected a whole number from 1 to 3600 (seconds one request may take end to end; a call that needs longer is a job, not a request)"
        },
        {
            "request body of zero bytes",
            Gcp(Ingress(extra: "  limits:\n    requestBodyBytes: 0")),
            $"{P}:ingress.limits.requestBodyBytes: got \"0\"; expected a whole number from 1 to 67108864 (bytes; Envoy holds a whole request body in memory before forwarding it, so at most 64 MiB)"
        },
        {
            "rate limit in words",
            Gcp(Ingress(extra: "  limits:\n    requestsPerMinute: many")),
            $"{P}:ingress.limits.requestsPerMinute: got \"many\"; expected a whole number from 1 to 1000000 (requests per minute per client address; above a million it no longer limits anything)"
        },
        {
            "unknown limit",
            Gcp(Ingress(extra: "  limits:\n    connections: 10")),
            $"{P}:ingress.limits.connections: got \"(unknown key)\"; expected one of the known keys: requestBodyBytes, requestTimeoutSeconds, requestsPerMinute"
        },
        {
            "unknown ingress member",
            Gcp(Ingress(extra: "  tls: strict")),
            $"{P}:ingress.tls: got \"(unknown key)\"; expected one of the known keys: acme, dnsZone, domain, hostnames, http, limits, replicas, sourceCidrs"
        },
        {
            "ingress that is not a mapping",
            Config.MinimalGcp + $"\n{P}:ingress: oneq.example",
            $"{P}:ingress: got \"oneq.example\"; expected a mapping (an object of keys)"
        },
        {
            "acme that is not a mapping",
            Gcp(Ingress(acme: "    - platform@oneq.example")),
            $"{P}:ingress.acme: got \"a list\"; expected a mapping (an object of keys)"
        },
        {
            "hostnames that are a list",
            Gcp(Ingress(hostnames: "    - order.oneq.example")),
            $"{P}:ingress.hostnames: got \"a list\"; expected a mapping (an object of keys)"
        },
        {
            "hostnames of a service given as one string",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "order.oneq.example", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order: got \"order.oneq.example\"; expected a list of hostnames such as [order.oneq.example]"
        },
        {
            "hostname that is not a string",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[{ host: order.oneq.example }]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order[0]: got \"a mapping\"; expected a hostname such as order.oneq.example"
        },
        {
            "missing domain",
            Gcp(Ingress().Replace("  domain: oneq.example\n", string.Empty, StringComparison.Ordinal)),
            $"{P}:ingress.domain: missing; expected the stack's DNS domain, e.g. oneq.example: every hostname is this domain or under it"
        },
        {
            "too many hostnames for one service",
            Gcp(Ingress(hostnames: Hostnames.Replace("[order.oneq.example]", "[" + string.Join(", ", Enumerable.Range(0, 17).Select(i => $"o{i}.oneq.example")) + "]", StringComparison.Ordinal))),
            $"{P}:ingress.hostnames.oneq-order: got \"17 hostnames\"; expected at most 16 hostnames for one service (an HTTPRoute holds at most 16)"
        },
    };

    public static TheoryData<string, string, string> AwsRules => new()
    {
        {
            "route 53 zone given as a name",
            Aws(Ingress(zone: "oneq-example")),
            $"{P}:ingress.dnsZone: got \"oneq-example\"; expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and uppercase letters and digits, at most 32 characters; aws route53 list-hosted-zones-by-name)"
        },
        {
            "route 53 zone with its api prefix",
            Aws(Ingress(zone: "/hostedzone/Z1D633PJN98FT9")),
            $"{P}:ingress.dnsZone: got \"/hostedzone/Z1D633PJN98FT9\"; expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and uppercase letters and digits, at most 32 characters; aws route53 list-hosted-zones-by-name); write it without /hostedzone/: Z1D633PJN98FT9"
        },
        {
            "route 53 zone id longer than 32",
            Aws(Ingress(zone: "Z" + new string('A', 32))),
            $"{P}:ingress.dnsZone: got \"Z{new string('A', 32)}\"; expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (Z and uppercase letters and digits, at most 32 characters; aws route53 list-hosted-zones-by-name)"
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    [MemberData(nameof(AwsRules))]
    public void Each_ingress_rule_reports_its_key_value_and_expectation_word_for_word(string rule, string yaml, string message)
    {
        var errors = Errors(yaml);

        Assert.True(errors.Count == 1, $"{rule}: expected one error, got:\n{string.Join("\n", errors.Select(e => e.Message))}");
        Assert.Equal(message, errors[0].Message);
    }

    [Theory]
    [InlineData("1.32", true)]
    [InlineData("1.33", false)]
    [InlineData("1.36", false)]
    public void An_ingress_needs_a_kubernetes_version_envoy_gateway_supports(string version, bool refused)
    {
        // A test stack, so the support calendar only warns: the version rule of the gateway is the one in play.
        var errors = Errors(GcpTest(Ingress()) + $"\n{P}:cluster:\n  kubernetesVersion: \"{version}\"");

        var gateway = errors.Where(e => e.Key == $"{P}:cluster.kubernetesVersion" && e.Message.Contains("Envoy Gateway", StringComparison.Ordinal)).ToList();
        Assert.Equal(refused ? 1 : 0, gateway.Count);
        if (refused)
        {
            Assert.Contains("1.33, 1.34, 1.35, 1.36", gateway[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_public_service_without_an_ingress_is_refused()
    {
        // As written: Config.FromYaml would add the ingress this test is about.
        var source = Config.AsWritten("rules", Config.WithReceiver(Config.MinimalGcp));

        var errors = StackConfiguration.Load(source).Errors;

        Assert.Equal(
            [$"{P}:ingress: missing; expected the public entry of the public services (oneq-order, appcard): {{ domain, dnsZone, hostnames, acme: {{ email }} }}; a service marked public (services[].public) is reached only through it"],
            errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("'off'")]
    public void Http_off_is_read_as_the_word_whether_quoted_or_not(string written)
    {
        var result = StackConfiguration.Load(Config.FromYaml("rules", Gcp(Ingress(extra: $"  http: {written}"))));

        Assert.Empty(result.Errors);
        Assert.Equal("off", result.Settings.Ingress!.Http);
    }

    private static readonly string[] ThreeServices = ["a", "b", "c"];

    [Fact]
    public void Many_hostnames_in_all_are_refused_beyond_what_one_gateway_and_the_acme_rate_limit_take()
    {
        // Three public services with 11 hostnames each: 33, within the per-service limit.
        var services = string.Join("\n", ThreeServices.Select(s => $"  - {{ name: {s}, public: true }}"));
        var hostnames = string.Join("\n", ThreeServices.Select(s =>
            $"    {s}: [" + string.Join(", ", Enumerable.Range(0, 11).Select(i => $"{s}{i}.oneq.example")) + "]"));
        var yaml = Gcp(Ingress(hostnames: hostnames)) + $"\n{P}:services:\n{services}\n{P}:calls: []";

        var errors = Errors(yaml);

        Assert.Equal(
            [$"{P}:ingress.hostnames: got \"33 hostnames\"; expected at most 32 hostnames in all: a listener and a certificate each, within the Gateway's 64 listeners and Let's Encrypt's 50 new certificates per domain a week"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void A_hostname_equal_to_the_domain_and_one_under_a_subdomain_are_accepted()
    {
        var yaml = Gcp(Ingress(hostnames: "    oneq-order: [oneq.example, pay.eu.oneq.example]\n    appcard: [appcard.oneq.example]"));

        Assert.Empty(Errors(yaml));
    }

    [Fact]
    public void A_test_stack_may_serve_plain_http_use_staging_certificates_and_run_one_replica()
    {
        var yaml = GcpTest(Ingress(acme: Email + "\n    server: staging", extra: "  http: serve\n  replicas: 1"));

        var result = StackConfiguration.Load(Config.FromYaml("rules", yaml));

        Assert.Empty(result.Errors);
        Assert.Equal(("serve", "staging", 1), (result.Settings.Ingress!.Http, result.Settings.Ingress.Acme.Server, result.Settings.Ingress.Replicas));
    }

    [Fact]
    public void A_production_stack_refuses_plain_http_staging_certificates_and_one_replica_together()
    {
        var yaml = Gcp(Ingress(acme: Email + "\n    server: staging", extra: "  http: serve\n  replicas: 1"));

        var errors = Errors(yaml);

        Assert.Equal([$"{P}:ingress.acme.server", $"{P}:ingress.replicas", $"{P}:ingress.http"], errors.Select(e => e.Key));
        Assert.Contains("guardrail EDGE-02", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_members_take_the_production_defaults_and_replicas_follow_the_environment()
    {
        var production = StackConfiguration.Load(Config.FromYaml("rules", Gcp(Ingress()))).Settings.Ingress!;
        var test = StackConfiguration.Load(Config.FromYaml("rules", GcpTest(Ingress()))).Settings.Ingress!;

        Assert.Equal(["0.0.0.0/0"], production.SourceCidrs);
        Assert.Equal("redirect", production.Http);
        Assert.Equal("production", production.Acme.Server);
        Assert.Equal("platform@oneq.example", production.Acme.Email);
        Assert.Equal(new IngressLimitSettings { RequestBodyBytes = 1_048_576, RequestTimeoutSeconds = 30, RequestsPerMinute = 600 }, production.Limits);
        Assert.Equal(2, production.Replicas);
        Assert.Equal(1, test.Replicas);
    }

    [Fact]
    public void Members_are_read_as_written()
    {
        var yaml = Aws(Ingress(
            zone: SampleIngress.AwsZone,
            hostnames: "    appcard: [appcard.oneq.example]\n    oneq-order: [order.oneq.example, www.oneq.example]",
            acme: "    email: ops@oneq.example\n    server: production",
            extra: "  sourceCidrs: [203.0.113.0/24, 198.51.100.0/28]\n  http: 'off'\n  replicas: 3\n  limits:\n    requestBodyBytes: 65536\n    requestTimeoutSeconds: 10\n    requestsPerMinute: 120"));

        var result = StackConfiguration.Load(Config.FromYaml("rules", yaml));

        Assert.Empty(result.Errors);
        var ingress = result.Settings.Ingress!;
        Assert.Equal(("oneq.example", SampleIngress.AwsZone, "ops@oneq.example"), (ingress.Domain, ingress.DnsZone, ingress.Acme.Email));
        Assert.Equal(["appcard", "oneq-order"], ingress.Hostnames.Keys);
        Assert.Equal(["order.oneq.example", "www.oneq.example"], ingress.Hostnames["oneq-order"]);
        Assert.Equal(["203.0.113.0/24", "198.51.100.0/28"], ingress.SourceCidrs);
        Assert.Equal(("off", 3), (ingress.Http, ingress.Replicas));
        Assert.Equal(new IngressLimitSettings { RequestBodyBytes = 65536, RequestTimeoutSeconds = 10, RequestsPerMinute = 120 }, ingress.Limits);
    }

    [Fact]
    public void No_ingress_and_no_public_service_is_no_public_entry()
    {
        var result = StackConfiguration.Load(Config.FromYaml("rules", Config.MinimalGcp + $"\n{P}:services:\n  - name: pg\n  - name: card\n{P}:calls: []"));

        Assert.Empty(result.Errors);
        Assert.Null(result.Settings.Ingress);
    }

    [Fact]
    public void Several_ingress_faults_are_reported_at_once_and_nothing_else()
    {
        var yaml = Gcp(Ingress(
            domain: "oneq.example",
            zone: "Oneq_Zone",
            hostnames: "    oneq-order: ['*.oneq.example', order.oneq.test]\n    pg: [pg.oneq.example]\n    shop: [shop.oneq.example]",
            acme: "    email: nobody\n    server: staging",
            extra: "  sourceCidrs: [0.0.0.0/0, '::/0']\n  http: serve\n  replicas: 1\n  limits:\n    requestsPerMinute: 0"));

        var errors = Errors(yaml);

        Assert.Equal(
            [
                $"{P}:ingress.limits.requestsPerMinute",
                $"{P}:ingress.dnsZone",
                $"{P}:ingress.hostnames.appcard",
                $"{P}:ingress.hostnames.oneq-order[0]",
                $"{P}:ingress.hostnames.oneq-order[1]",
                $"{P}:ingress.hostnames.pg",
                $"{P}:ingress.hostnames.shop",
                $"{P}:ingress.sourceCidrs[1]",
                $"{P}:ingress.acme.email",
                $"{P}:ingress.acme.server",
                $"{P}:ingress.replicas",

                // Production's refusal of `serve` is the guardrail's (EDGE-02), reported after the settings' own errors.
                $"{P}:ingress.http",
            ],
            errors.Select(e => e.Key));
    }

    [Fact]
    public void An_element_of_the_wrong_type_keeps_the_index_of_the_elements_after_it()
    {
        var yaml = Gcp(Ingress(
            hostnames: Hostnames.Replace("[order.oneq.example]", "[[order], Order.oneq.example]", StringComparison.Ordinal),
            extra: "  sourceCidrs: [{ cidr: 0.0.0.0/0 }, 203.0.113.7/24]"));

        var errors = Errors(yaml);

        Assert.Equal(
            [
                $"{P}:ingress.hostnames.oneq-order[0]: got \"a list\"; expected a hostname such as order.oneq.example",
                $"{P}:ingress.sourceCidrs[0]: got \"a mapping\"; expected an IPv4 CIDR such as 203.0.113.0/24",
                $"{P}:ingress.hostnames.oneq-order[1]: got \"Order.oneq.example\"; expected a lowercase DNS name such as order.oneq.example (RFC 1123: letters, digits and '-', labels of at most 63 characters, 253 in all)",
                $"{P}:ingress.sourceCidrs[1]: got \"203.0.113.7/24\"; expected an IPv4 CIDR in canonical form (address bits past the prefix zero), such as 203.0.113.0/24 or 0.0.0.0/0",
            ],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void The_zone_is_judged_only_once_the_cloud_is_known()
    {
        // With cloud unknown, a Route 53 id is no Cloud DNS name and the other way round: neither may be reported.
        var yaml = "gcp:project: oneq-test\ngcp:region: asia-northeast3\noneq-order-infra:cloud: azure\n" + Config.GcpRbacGroup + "\n" + Ingress(zone: SampleIngress.AwsZone);

        var errors = Errors(yaml);

        Assert.Equal([$"{P}:cloud"], errors.Select(e => e.Key));
    }

    [Theory]
    [InlineData("dev", Cloud.Gcp, "dev.oneq.example", "oneq-dev", 1)]
    [InlineData("prod", Cloud.Aws, "oneq.example", "Z0123456789ABCDEFGHIJ", 3)]
    public void The_committed_stacks_give_both_public_services_a_hostname_under_their_domain(string stack, Cloud cloud, string domain, string zone, int replicas)
    {
        var file = StackFile.Load(Repository.Root, stack);
        var result = StackConfiguration.Load(file.Source!);

        Assert.Empty(result.Errors);
        var ingress = result.Settings.Ingress!;
        Assert.Equal((cloud, domain, zone, replicas), (result.Settings.Cloud, ingress.Domain, ingress.DnsZone, ingress.Replicas));
        Assert.Equal(result.Settings.Services.Where(s => s.Public).Select(s => s.Name).Order(StringComparer.Ordinal), ingress.Hostnames.Keys.Order(StringComparer.Ordinal));
        Assert.All(ingress.Hostnames.Values.SelectMany(h => h), h => Assert.EndsWith("." + domain, h, StringComparison.Ordinal));
    }

    private static IReadOnlyList<ConfigError> Errors(string yaml) => StackConfiguration.Load(Config.FromYaml("rules", yaml)).Errors;
}
