using ImageSaga.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Users.Preferences;

/// <summary>Reads and writes users' preferences; an unknown user has the defaults.</summary>
public sealed class UserPreferencesStore(IUserDataDbContextFactory factory, TimeProvider clock)
{
    public async Task<UserPreferences> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(profile => profile.UserId == userId, cancellationToken);
        return profile?.Preferences ?? UserPreferences.Defaults;
    }

    /// <summary>Stores valid, normalised preferences (validate with <see cref="UserPreferencesValidator"/> first).</summary>
    public async Task<UserPreferences> SetAsync(string userId, UserPreferences preferences, CancellationToken cancellationToken)
    {
        var normalized = UserPreferencesValidator.Normalize(preferences);
        await using var db = factory.CreateDbContext();
        var profile = await db.Profiles.SingleOrDefaultAsync(profile => profile.UserId == userId, cancellationToken);
        if (profile is null)
            db.Profiles.Add(profile = new UserProfile { UserId = userId });
        profile.Preferences = normalized;
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.Entry(profile).Property(p => p.Preferences).IsModified = true;
        await db.SaveChangesAsync(cancellationToken);
        return normalized;
    }
}
