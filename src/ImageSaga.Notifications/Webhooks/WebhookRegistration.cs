using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageSaga.Notifications.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// Validated <see cref="WebhookOptions"/> and one <see cref="WebhookSender"/> (also as <see cref="IWebhookSender"/>)
    /// for the process: it owns the connection pool, so a sender per delivery would open a connection per delivery.
    /// </summary>
    public static IServiceCollection AddWebhookSender(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new WebhookSender(
            provider.GetRequiredService<IOptions<WebhookOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IWebhookSender>(provider => provider.GetRequiredService<WebhookSender>());
        return services;
    }
}
