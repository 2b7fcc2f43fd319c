using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ImageSaga.Notifications.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to. A webhook URL is chosen by a user, so without this check it could make the
/// server call its own admin ports, the cloud metadata endpoint or anything else on the internal network (SSRF).
/// Loopback, private, link-local and carrier-grade NAT addresses are refused unless private networks are allowed;
/// unspecified, "this network", multicast, broadcast and reserved addresses are always refused, as no webhook
/// receiver can live there. IPv6 forms that embed an IPv4 address (mapped, compatible, translated, NAT64, 6to4) are
/// judged by the address they embed.
/// </summary>
public sealed class OutboundAddressPolicy(bool allowPrivateNetworks)
{
    public bool AllowPrivateNetworks { get; } = allowPrivateNetworks;

    /// <summary>True when a webhook may connect to <paramref name="address"/>; otherwise why not, e.g. <c>127.0.0.1 is a loopback address</c>.</summary>
    public bool Allows(IPAddress address, [NotNullWhen(false)] out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(address);
        var classification = Classify(address);
        if (classification is not { } special || (special.IsPrivateNetwork && AllowPrivateNetworks))
        {
            refusal = null;
            return true;
        }
        refusal = $"{address} is {special.Description}";
        return false;
    }

    /// <summary>Null for an ordinary public address.</summary>
    static (string Description, bool IsPrivateNetwork)? Classify(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => ClassifyIPv4(address.GetAddressBytes()),
        AddressFamily.InterNetworkV6 => ClassifyIPv6(address.GetAddressBytes()),
        _ => ("not an IP address", false),
    };

    static (string Description, bool IsPrivateNetwork)? ClassifyIPv4(ReadOnlySpan<byte> b) => b switch
    {
        [0, 0, 0, 0] => ("an unspecified address", false),
        [0, ..] => ("a \"this network\" address (0.0.0.0/8)", false),
        [127, ..] => ("a loopback address", true),
        [10, ..] => ("a private address", true),
        [172, var second, ..] when (second & 0xF0) == 16 => ("a private address", true),
        [192, 168, ..] => ("a private address", true),
        [169, 254, 169, 254] => ("a link-local address (the cloud metadata endpoint)", true),
        [169, 254, ..] => ("a link-local address", true),
        [100, var second, ..] when (second & 0xC0) == 64 => ("a carrier-grade NAT address", true),
        [>= 224 and <= 239, ..] => ("a multicast address", false),
        [255, 255, 255, 255] => ("the broadcast address", false),
        [>= 240, ..] => ("a reserved address (240.0.0.0/4)", false),
        _ => null,
    };

    static (string Description, bool IsPrivateNetwork)? ClassifyIPv6(ReadOnlySpan<byte> bytes)
    {
        if (bytes[..15].IndexOfAnyExcept((byte)0) < 0 && bytes[15] <= 1)
            return bytes[15] == 0 ? ("an unspecified address", false) : ("a loopback address", true);
        // ::a.b.c.d, deprecated but still understood by some stacks as the IPv4 address itself.
        if (bytes[..12].IndexOfAnyExcept((byte)0) < 0)
            return Embedded("IPv4-compatible", bytes[12..]);
        // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated): a dual-stack socket reaches the IPv4 address itself.
        if (bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xFF && bytes[11] == 0xFF)
            return Embedded("IPv4-mapped", bytes[12..]);
        if (bytes[..8].IndexOfAnyExcept((byte)0) < 0 && bytes[8] == 0xFF && bytes[9] == 0xFF && bytes[10] == 0 && bytes[11] == 0)
            return Embedded("IPv4-translated", bytes[12..]);
        // 64:ff9b::/96, the well-known NAT64 prefix: the gateway forwards to the embedded IPv4 address.
        if (bytes[..12].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]))
            return Embedded("NAT64", bytes[12..]);
        // 2002::/16, 6to4: the relay forwards to the IPv4 address in bytes 2 to 5.
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
            return Embedded("6to4", bytes[2..6]);

        return bytes switch
        {
            [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01, ..] => ("a local-use NAT64 address (64:ff9b:1::/48)", true),
            [var first, ..] when (first & 0xFE) == 0xFC => ("a private (unique local) address", true),
            [0xFE, var second, ..] when (second & 0xC0) == 0x80 => ("a link-local address", true),
            [0xFE, var second, ..] when (second & 0xC0) == 0xC0 => ("a site-local address", true),
            [0xFF, ..] => ("a multicast address", false),
            _ => null,
        };
    }

    static (string Description, bool IsPrivateNetwork)? Embedded(string form, ReadOnlySpan<byte> ipv4) =>
        ClassifyIPv4(ipv4) is { } embedded
            ? ($"{embedded.Description} ({form} {new IPAddress(ipv4)})", embedded.IsPrivateNetwork)
            : null;
}
