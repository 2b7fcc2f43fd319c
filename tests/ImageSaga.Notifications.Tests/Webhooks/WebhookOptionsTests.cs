using System.ComponentModel.DataAnnotations;
using ImageSaga.Notifications.Webhooks;
using Microsoft.Extensions.Configuration;

namespace ImageSaga.Notifications.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 5)]
    [InlineData(3, 30)]
    [InlineData(6, 3600)]
    [InlineData(20, 3600)]
    public void Waits_longer_before_each_retry_and_repeats_the_last_delay(int attempt, int seconds)
    {
        new WebhookOptions().DelayBeforeAttempt(attempt).ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Configured_retry_delays_replace_the_defaults()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{WebhookOptions.Section}:RetryDelaysSeconds:0"] = "1",
                [$"{WebhookOptions.Section}:RetryDelaysSeconds:1"] = "2",
            })
            .Build();

        var options = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>()!;

        options.EffectiveRetryDelaysSeconds.ShouldBe([1, 2]);
        options.DelayBeforeAttempt(2).ShouldBe(TimeSpan.FromSeconds(1));
        options.DelayBeforeAttempt(5).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        InvalidMembers(new WebhookOptions()).ShouldBeEmpty();
    }

    [Fact]
    public void Rejects_a_zero_timeout()
    {
        InvalidMembers(new WebhookOptions { TimeoutSeconds = 0 }).ShouldBe([nameof(WebhookOptions.TimeoutSeconds)]);
    }

    [Fact]
    public void Rejects_a_negative_retry_delay()
    {
        InvalidMembers(new WebhookOptions { RetryDelaysSeconds = [5, -1] }).ShouldBe([nameof(WebhookOptions.RetryDelaysSeconds)]);
    }

    static List<string> InvalidMembers(WebhookOptions options)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return errors.SelectMany(error => error.MemberNames).ToList();
    }
}
