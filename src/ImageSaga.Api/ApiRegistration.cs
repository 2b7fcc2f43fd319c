using ImageSaga.Api.Images;
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
        return builder;
    }

    public static IEndpointRouteBuilder MapImageSagaApi(this IEndpointRouteBuilder app)
    {
        app.MapImageEndpoints();
        return app;
    }
}
