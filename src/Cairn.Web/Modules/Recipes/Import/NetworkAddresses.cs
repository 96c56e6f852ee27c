using System.Net;
using System.Net.Sockets;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// Which IP addresses the importer may connect to: public unicast ones only. Refused are loopback, private
/// (10/8, 172.16/12, 192.168/16), link-local (169.254/16, where cloud metadata lives; fe80::/10), shared CGNAT
/// (100.64/10), unique-local (fc00::/7), multicast, unspecified, broadcast, documentation and reserved ranges, and
/// IPv6 forms that carry a refused IPv4 address (mapped, NAT64, 6to4). IPv6 outside global unicast (2000::/3) is refused.
/// </summary>
public static class NetworkAddresses
{
    private static readonly (uint Network, int Bits)[] RefusedIPv4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8: "this network", unspecified
        (0x0A000000, 8),   // 10.0.0.0/8: private
        (0x64400000, 10),  // 100.64.0.0/10: shared address space (CGNAT)
        (0x7F000000, 8),   // 127.0.0.0/8: loopback
        (0xA9FE0000, 16),  // 169.254.0.0/16: link-local, cloud metadata
        (0xAC100000, 12),  // 172.16.0.0/12: private
        (0xC0000000, 24),  // 192.0.0.0/24: IETF protocol assignments
        (0xC0000200, 24),  // 192.0.2.0/24: documentation
        (0xC0586300, 24),  // 192.88.99.0/24: 6to4 relay
        (0xC0A80000, 16),  // 192.168.0.0/16: private
        (0xC6120000, 15),  // 198.18.0.0/15: benchmarking
        (0xC6336400, 24),  // 198.51.100.0/24: documentation
        (0xCB007100, 24),  // 203.0.113.0/24: documentation
        (0xE0000000, 4),   // 224.0.0.0/4: multicast
        (0xF0000000, 4),   // 240.0.0.0/4: reserved, and the broadcast address
    ];

    /// <summary>Whether <paramref name="address"/> is a public unicast address, safe for the server to connect to for a user.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) return IsPublic(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
            return !RefusedIPv4.Any(range => (value & (uint.MaxValue << (32 - range.Bits))) == range.Network);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);

        // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last four bytes; judge that one.
        if (v6[..12].SequenceEqual(Nat64Prefix)) return IsPublic(new IPAddress(v6[12..]));
        if ((v6[0] & 0xE0) != 0x20) return false;                          // outside 2000::/3, global unicast
        if (v6[0] == 0x20 && v6[1] == 0x02) return IsPublic(new IPAddress(v6[2..6]));   // 2002::/16, 6to4
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8) return false; // 2001:db8::/32, documentation
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x00 && v6[3] == 0x00) return false; // 2001::/32, Teredo
        return true;
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// The addresses <paramref name="host"/> stands for: itself when it is an IP literal (with or without
    /// brackets), else what DNS answers. IPv4-mapped IPv6 answers are given as IPv4.
    /// </summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal)) return [Plain(literal)];
        var found = await Dns.GetHostAddressesAsync(bare, cancellationToken);
        return [.. found.Select(Plain)];
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

/// <summary>A connection the importer refused to make: the address is not one <see cref="NetworkAddresses"/> allows.</summary>
internal sealed class RefusedAddressException(string host) : Exception($"The importer may not connect to {host}: it is not a public address.");
