using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace OneQOrder.Platform.Network;

/// <summary>IPv4 CIDR parsing on top of IPNetwork2, strict about the forms people get wrong.</summary>
public static class Cidr
{
    /// <summary>
    /// Parses <c>a.b.c.d/n</c>. Rejects a missing prefix (IPNetwork2 would guess a classful one), IPv6, and an address
    /// with host bits set (<c>10.0.0.1/16</c>): the cloud APIs reject those, so we do it first with a clearer message.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPNetwork2? network)
    {
        network = null;
        if (string.IsNullOrWhiteSpace(text) || text.Count(c => c == '/') != 1)
        {
            return false;
        }

        var address = text[..text.IndexOf('/', StringComparison.Ordinal)];
        if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || address.Count(c => c == '.') != 3
            || !IPNetwork2.TryParse(text, out var parsed)
            || !parsed.Network.Equals(ip))
        {
            return false;
        }

        network = parsed;
        return true;
    }

    /// <summary>
    /// Carves blocks of the requested prefix lengths out of <paramref name="parent"/>, largest first so that every block
    /// stays aligned, each the lowest free one. Returns null when they do not all fit. Deterministic.
    /// </summary>
    public static IReadOnlyList<IPNetwork2>? Allocate(IPNetwork2 parent, IReadOnlyList<int> prefixLengths)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(prefixLengths);
        var result = new IPNetwork2?[prefixLengths.Count];
        List<IPNetwork2> taken = [];
        foreach (var index in Enumerable.Range(0, prefixLengths.Count).OrderBy(i => prefixLengths[i]))
        {
            var prefix = prefixLengths[index];
            if (prefix < parent.Cidr || prefix > 32)
            {
                return null;
            }

            var block = parent.Subnet((byte)prefix).FirstOrDefault(candidate => !taken.Any(t => t.Overlap(candidate)));
            if (block is null)
            {
                return null;
            }

            taken.Add(block);
            result[index] = block;
        }

        return result.Select(n => n!).ToList();
    }

    /// <summary>The smallest prefix length of a parent that could hold all the requested blocks (for error messages).</summary>
    public static int RequiredParentPrefix(IEnumerable<int> prefixLengths)
    {
        var addresses = prefixLengths.Sum(p => Math.Pow(2, 32 - p));
        return 32 - (int)Math.Ceiling(Math.Log2(addresses));
    }
}
