namespace ImageSaga.Users.Notifications;

public static class DeliveryStatuses
{
    public const string Pending = "pending";

    public const string Delivered = "delivered";

    /// <summary>The last attempt failed; another is scheduled.</summary>
    public const string Retrying = "retrying";

    /// <summary>Every attempt failed, or the endpoint answered in a way retrying cannot fix.</summary>
    public const string Failed = "failed";

    /// <summary>Never attempted: the address is not one we call (private network, bad URL) or the channel is not set up.</summary>
    public const string Refused = "refused";
}
