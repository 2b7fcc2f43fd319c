using ImageSaga.Api.Console;
using ImageSaga.ServiceDefaults.Options;

namespace ImageSaga.Console.Tests;

/// <summary>Where the System page reads the queues: the management API of the broker the bus uses.</summary>
public sealed class ManagementEndpointTests
{
    [Fact]
    public void Is_the_AMQP_host_on_port_15672_with_the_same_user_and_virtual_host_by_default()
    {
        var endpoint = ManagementEndpoint.From(new RabbitMqOptions { Uri = "amqp://imagesaga:s%40cret@rabbit.internal:5672/imagesaga-prod" },
            new RabbitMqManagementOptions());

        endpoint.BaseUri.ShouldBe(new Uri("http://rabbit.internal:15672/"));
        endpoint.VirtualHost.ShouldBe("imagesaga-prod");
        endpoint.Username.ShouldBe("imagesaga");
        endpoint.Password.ShouldBe("s@cret");
    }

    [Fact]
    public void Reads_the_separate_fields_when_there_is_no_URI_and_the_root_virtual_host_when_the_path_is_empty()
    {
        ManagementEndpoint.From(new RabbitMqOptions { Host = "broker", VirtualHost = "/", Username = "u", Password = "p" }, new RabbitMqManagementOptions())
            .ShouldBe(new ManagementEndpoint(new Uri("http://broker:15672/"), "/", "u", "p"));
        ManagementEndpoint.From(new RabbitMqOptions { Uri = "amqp://localhost/" }, new RabbitMqManagementOptions())
            .ShouldBe(new ManagementEndpoint(new Uri("http://localhost:15672/"), "/", "guest", "guest"));
    }

    [Fact]
    public void Uses_https_on_15671_for_amqps_and_a_configured_address_and_credentials_over_the_derived_ones()
    {
        ManagementEndpoint.From(new RabbitMqOptions { Uri = "amqps://u:p@broker/" }, new RabbitMqManagementOptions()).BaseUri
            .ShouldBe(new Uri("https://broker:15671/"));

        var configured = ManagementEndpoint.From(new RabbitMqOptions { Uri = "amqp://u:p@broker/vh" },
            new RabbitMqManagementOptions { ManagementUri = "http://monitor:m0n@mgmt.internal:8080/rabbitmq" });
        configured.ShouldBe(new ManagementEndpoint(new Uri("http://mgmt.internal:8080/rabbitmq/"), "vh", "monitor", "m0n"));
    }

    [Fact]
    public void Never_prints_the_password()
    {
        var endpoint = ManagementEndpoint.From(new RabbitMqOptions { Uri = "amqp://u:very-secret@broker/" }, new RabbitMqManagementOptions());
        endpoint.ToString().ShouldNotContain("very-secret");
        new ManagementApiException(endpoint, "it did not answer").Message.ShouldNotContain("very-secret");
    }
}
