namespace ImageSaga.Users.Access;

/// <summary>
/// An API key: the public id it is found by and the SHA-256 of its secret (the secret itself is shown once, when the
/// key is created, and never stored), the user it acts as and its roles.
/// </summary>
public sealed class ApiKey
{
    public string KeyId { get; set; } = "";

    public string UserId { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the secret part.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>Comma-separated roles (see <see cref="ApiRoles"/>).</summary>
    public string Roles { get; set; } = ApiRoles.User;

    /// <summary>What the key is for, as its creator named it.</summary>
    public string Name { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
