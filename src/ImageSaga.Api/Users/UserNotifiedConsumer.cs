using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Api.Users;

/// <summary>
/// Hears every stored notification, on a temporary queue of this API instance (each instance gets its own copy,
/// because the client's stream may be open on any of them), and hands it to the open streams.
/// </summary>
public sealed class UserNotifiedConsumer(NotificationHub hub) : IConsumer<UserNotified>
{
    public Task Consume(ConsumeContext<UserNotified> context)
    {
        hub.Publish(context.Message);
        return Task.CompletedTask;
    }
}
