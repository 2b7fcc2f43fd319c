namespace ImageSaga.Notifications.Tests.Webhooks;

/// <summary>One request as the <see cref="WebhookReceiver"/> saw it: the raw bytes, so signatures can be checked on them.</summary>
sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
