using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Benchmarks;

/// <summary>A valid stack (read through the real configuration path) with a synthetic tenant catalogue.</summary>
internal static class SyntheticStack
{
    public static ValidatedSettings WithChain(int services)
    {
        var baseSettings = StackConfiguration.LoadOrThrow(StackFile.Parse("bench", """
            config:
              aws:region: ap-northeast-2
              oneq-order-infra:cloud: aws
              oneq-order-infra:cluster:
                admins: [arn:aws:iam::123456789012:role/oneq-deploy]
              oneq-order-infra:ingress:
                domain: oneq.example
                dnsZone: Z0123456789ABCDEFGHIJ
                hostnames:
                  oneq-order: [order.oneq.example]
                  appcard: [appcard.oneq.example]
                acme:
                  email: platform@oneq.example
            """).Source!);
        var names = Enumerable.Range(0, services).Select(i => $"svc-{i:D3}").ToList();
        return StackConfiguration.Validate(baseSettings.Settings with
        {
            Services = names.Select((n, i) => new ServiceSettings { Name = n, Port = 8080, Public = i == 0 }).ToList(),
            Calls = names.Zip(names.Skip(1), (from, to) => new CallSettings(from, to)).ToList(),
            // The first service is the public one: it takes the entry's one hostname.
            Ingress = baseSettings.Settings.Ingress! with { Hostnames = new Dictionary<string, IReadOnlyList<string>> { [names[0]] = [$"{names[0]}.oneq.example"] } },
        });
    }
}
