namespace ImageSaga.Api.Access;

/// <summary>How the API knows who is calling.</summary>
public sealed class ApiAccessOptions
{
    public const string Section = "ImageSaga:Api";

    /// <summary>
    /// A key with the admin role taken from configuration (an environment variable or a secret store, never a file in
    /// the repository): how the first user keys are created on a fresh deployment. Unset: no such key.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Whether requests without a key act as the one local user. Unset (the default): only in the embedded
    /// configuration (in-memory transport) while every address the server listens on is loopback, like RabbitMQ's
    /// guest account. True forces it on (never do this on a shared network); false requires keys everywhere.
    /// </summary>
    public bool? AllowLocalWithoutKey { get; set; }
}
