using System.Security.Cryptography;
using System.Text;
using ImageSaga.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Users.Access;

/// <summary>
/// Creates and checks API keys of the form <c>isk_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the secret is
/// compared by its SHA-256 in constant time. A key is 256 bits of randomness, so a plain hash is enough (no password
/// stretching is needed for a secret nobody chose).
/// </summary>
public sealed class ApiKeyStore(IUserDataDbContextFactory factory, TimeProvider clock)
{
    public const string Prefix = "isk_";

    /// <summary>Creates a key and returns it in full: the only time the secret is visible.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string userId, IEnumerable<string> roles, string name, CancellationToken cancellationToken)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            KeyId = keyId,
            UserId = userId,
            SecretHash = Hash(secret),
            Roles = string.Join(",", roles.Distinct()),
            Name = name.Length > 100 ? name[..100] : name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = factory.CreateDbContext();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, $"{Prefix}{keyId}_{secret}");
    }

    /// <summary>The key's row when <paramref name="presented"/> is a valid, unrevoked key; null otherwise.</summary>
    public async Task<ApiKey?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!TrySplit(presented, out var keyId, out var secret))
            return null;
        await using var db = factory.CreateDbContext();
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, cancellationToken);
        if (key is null || key.RevokedAt is not null)
            return null;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(key.SecretHash)) ? key : null;
    }

    static bool TrySplit(string presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 128)
            return false;
        var rest = presented[Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator != 12)
            return false;
        keyId = rest[..separator];
        secret = rest[(separator + 1)..];
        return secret.Length >= 32;
    }

    static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
