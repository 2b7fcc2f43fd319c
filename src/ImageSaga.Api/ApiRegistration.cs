using ImageSaga.Api.Access;
using ImageSaga.Api.Limits;
using ImageSaga.Api.Batches;
using ImageSaga.Users.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using ImageSaga.Api.Images;
using ImageSaga.Api.Reviews;
using ImageSaga.Api.Users;
using ImageSaga.Users.Persistence;
using MassTransit;
using Scalar.AspNetCore;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.ServiceDefaults.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.Api;

public static class ApiRegistration
{
    /// <summary>Problem details everywhere, and request limits derived from the image limits.</summary>
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(ImageLimitsOptions.Section).Get<ImageLimitsOptions>() ?? new ImageLimitsOptions();
        // The multipart envelope adds a little to the file; anything beyond that is refused before it is read.
        var maxRequest = limits.MaxImageBytes + 64 * 1024;
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxRequest);
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequest);
        builder.Services.AddExceptionHandler<RequestBodyExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        builder.AddUploadRateLimiting();
        builder.AddUserData();
        builder.Services.AddSingleton<NotificationHub>();
        builder.Services.AddOptions<ApiAccessOptions>().Bind(builder.Configuration.GetSection(ApiAccessOptions.Section));
        builder.Services.AddSingleton<LocalAccess>();
        builder.Services.AddAuthentication(ApiAccess.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiAccess.Scheme, _ => { });
        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(ApiAccess.Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(ApiAccess.ReviewerPolicy, policy => policy.AddAuthenticationSchemes(ApiAccess.Scheme).RequireRole(ApiRoles.Reviewer, ApiRoles.Admin))
            .AddPolicy(ApiAccess.AdminPolicy, policy => policy.AddAuthenticationSchemes(ApiAccess.Scheme).RequireRole(ApiRoles.Admin));
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ImageSaga API";
            document.Info.Description = "Upload photos, follow their analysis sagas, operate them (cancel, redrive, review), and manage "
                + "preferences and notifications. Errors are RFC 9457 problem details with a stable reasonCode.";
            return Task.CompletedTask;
        }));
        // The redrive limit is the orchestrator's setting; the API reads it to answer 409 before sending.
        builder.Services.AddOptions<AnalysisOptions>().Bind(builder.Configuration.GetSection(AnalysisOptions.Section));
        return builder;
    }

    /// <summary>
    /// The API's only consumer: stored notifications for its open streams, on a temporary queue per instance
    /// (deleted when the instance stops), so every API instance receives every notification.
    /// </summary>
    public static IBusRegistrationConfigurator AddApiConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<UserNotifiedConsumer>().Endpoint(endpoint =>
        {
            endpoint.Name = "api-notifications";
            endpoint.InstanceId = $"-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
            endpoint.Temporary = true;
        });
        return bus;
    }

    /// <summary>The API's middleware (rate limits, after authentication so they know the user) and its endpoints.</summary>
    public static WebApplication UseImageSagaApi(this WebApplication app)
    {
        app.MapImageSagaConsole();
        app.UseRateLimiter();
        app.MapImageSagaApi();
        return app;
    }

    public static IEndpointRouteBuilder MapImageSagaApi(this IEndpointRouteBuilder app)
    {
        // Say at start whether keyless requests are accepted (as the local user), not only at the first request.
        var local = app.ServiceProvider.GetRequiredService<LocalAccess>();
        app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => _ = local.Allowed);

        // The OpenAPI document at /openapi/v1.json and an interactive reference page at /scalar.
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapImageEndpoints();
        app.MapUserEndpoints();
        app.MapReviewEndpoints();
        app.MapBatchEndpoints();
        app.MapKeyEndpoints();
        return app;
    }
}
