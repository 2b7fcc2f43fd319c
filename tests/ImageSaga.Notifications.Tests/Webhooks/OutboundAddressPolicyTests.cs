using System.Net;
using ImageSaga.Notifications.Webhooks;

namespace ImageSaga.Notifications.Tests.Webhooks;

public sealed class OutboundAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1 is a loopback address")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("10.1.2.3", "10.1.2.3 is a private address")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "169.254.169.254 is a link-local address (the cloud metadata endpoint)")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("::1", "::1 is a loopback address")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1 is a private address (IPv4-mapped 10.0.0.1)")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::127.0.0.1", "loopback address (IPv4-compatible 127.0.0.1)")]
    [InlineData("::ffff:0:192.168.0.1", "private address (IPv4-translated 192.168.0.1)")]
    [InlineData("64:ff9b::a00:1", "private address (NAT64 10.0.0.1)")]
    [InlineData("64:ff9b:1::1", "local-use NAT64")]
    [InlineData("2002:7f00:1::1", "loopback address (6to4 127.0.0.1)")]
    public void Refuses_private_networks_by_default(string address, string reason)
    {
        var policy = new OutboundAddressPolicy(allowPrivateNetworks: false);

        policy.Allows(IPAddress.Parse(address), out var refusal).ShouldBeFalse();
        refusal.ShouldContain(reason);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Allows_private_networks_when_configured_to(string address)
    {
        var policy = new OutboundAddressPolicy(allowPrivateNetworks: true);

        policy.Allows(IPAddress.Parse(address), out var refusal).ShouldBeTrue();
        refusal.ShouldBeNull();
    }

    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "this network")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    public void Refuses_addresses_no_receiver_can_have_even_with_private_networks_allowed(string address, string reason)
    {
        var policy = new OutboundAddressPolicy(allowPrivateNetworks: true);

        policy.Allows(IPAddress.Parse(address), out var refusal).ShouldBeFalse();
        refusal.ShouldContain(reason);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Allows_public_addresses(string address)
    {
        var policy = new OutboundAddressPolicy(allowPrivateNetworks: false);

        policy.Allows(IPAddress.Parse(address), out var refusal).ShouldBeTrue();
        refusal.ShouldBeNull();
    }
}
