using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace CodeTether.Webhooks.Safety;

/// <summary>
/// Which addresses webhooks may connect to: public ones, and those inside the operator's <c>Webhooks:AllowedNetworks</c>.
/// Everything else — loopback, private, link-local, cloud metadata, … — is refused, so a webhook URL cannot reach into
/// our own network.
/// </summary>
public class AddressPolicy(IReadOnlyList<IPNetwork> allowed)
{
    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254")];

    private static readonly (IPNetwork Network, AddressKind Kind)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.Private),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public AddressPolicy(IOptions<AddressPolicyOptions> options) : this(options.Value.AllowedNetworks.Select(IPNetwork.Parse).ToArray())
    {
    }

    public static AddressKind Classify(IPAddress address)
    {
        address = Unwrap(address);
        if (MetadataAddresses.Contains(address))
            return AddressKind.CloudMetadata;
        foreach (var (network, kind) in Ranges)
            if (network.Contains(address))
                return kind;
        return AddressKind.Public;
    }

    public bool IsAllowed(IPAddress address) =>
        Classify(address) == AddressKind.Public || allowed.Any(n => n.Contains(address) || n.Contains(Unwrap(address)));

    /// <summary>The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, which is where the packets really go.</summary>
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
            return new IPAddress(address.GetAddressBytes()[12..]);
        return address;
    }
}

/// <summary><c>Webhooks:AllowedNetworks</c>: CIDR ranges webhooks may reach although they are not public, e.g. <c>127.0.0.0/8</c>.</summary>
public class AddressPolicyOptions
{
    public const string Section = "Webhooks";
    public List<string> AllowedNetworks { get; set; } = [];
}
