using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ImageSaga.ServiceDefaults.Telemetry;

/// <summary>
/// Every log line written while a message about an image is consumed carries that image's id (as the <c>ImageId</c>
/// scope, a field of its own in JSON logs), so one image's path through every service can be found with one query.
/// </summary>
public sealed class ImageIdLogScopeFilter<T>(ILogger<ImageIdLogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (ImageIdOf.Get is not { } imageIdOf)
        {
            await next.Send(context);
            return;
        }

        using (logger.BeginScope(new Dictionary<string, object> { ["ImageId"] = imageIdOf(context.Message) }))
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("imageIdLogScope");

    /// <summary>The message type's <c>Guid ImageId</c> getter, found once per type; none for messages without one.</summary>
    static class ImageIdOf
    {
        public static readonly Func<T, Guid>? Get =
            typeof(T).GetProperty("ImageId", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var type, GetMethod: { } getter } && type == typeof(Guid)
                ? getter.CreateDelegate<Func<T, Guid>>()
                : null;
    }
}
