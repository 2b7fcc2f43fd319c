using System.Collections.Concurrent;
using System.Threading.Channels;
using ImageSaga.Contracts;

namespace ImageSaga.Api.Users;

/// <summary>
/// Fans the notifications this API instance hears about out to the Server-Sent Events streams open on it. Each stream
/// has a small bounded buffer: a client that stops reading loses its oldest events rather than growing our memory,
/// and a user can hold only a few streams at once.
/// </summary>
public sealed class NotificationHub
{
    public const int MaxStreamsPerUser = 8;
    const int BufferPerStream = 64;

    readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<UserNotified>>> _streams = new(StringComparer.Ordinal);

    /// <summary>Opens a stream for <paramref name="userId"/>; null when the user already has the maximum open.</summary>
    public NotificationSubscription? Subscribe(string userId)
    {
        var streams = _streams.GetOrAdd(userId, _ => new ConcurrentDictionary<Guid, Channel<UserNotified>>());
        if (streams.Count >= MaxStreamsPerUser)
            return null;

        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<UserNotified>(new BoundedChannelOptions(BufferPerStream)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        streams[id] = channel;
        return new NotificationSubscription(channel.Reader, () =>
        {
            streams.TryRemove(id, out _);
            channel.Writer.TryComplete();
        });
    }

    /// <summary>Number of open streams, for tests and diagnostics.</summary>
    public int OpenStreams(string userId) => _streams.TryGetValue(userId, out var streams) ? streams.Count : 0;

    public void Publish(UserNotified notification)
    {
        if (!_streams.TryGetValue(notification.UserId, out var streams))
            return;
        foreach (var channel in streams.Values)
            channel.Writer.TryWrite(notification);
    }
}

/// <summary>One open stream; disposing it closes the stream and frees its buffer.</summary>
public sealed class NotificationSubscription(ChannelReader<UserNotified> reader, Action close) : IDisposable
{
    public ChannelReader<UserNotified> Reader { get; } = reader;

    public void Dispose() => close();
}
