using ImageSaga.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Users.History;

/// <summary>The history of a user's analysed images, as enrichment reads and extends it.</summary>
public sealed class UserImageHistory(IUserDataDbContextFactory factory)
{
    /// <summary>How many of the most recent images enrichment compares against (duplicates, firsts, streaks).</summary>
    public const int ComparisonWindow = 5000;

    /// <summary>The user's most recent images, except <paramref name="excludedImageId"/> (the one being enriched).</summary>
    public async Task<IReadOnlyList<UserImage>> EarlierImagesAsync(string userId, Guid excludedImageId, CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        return await db.Images.AsNoTracking()
            .Where(image => image.UserId == userId && image.ImageId != excludedImageId)
            .OrderByDescending(image => image.UploadedAt)
            .Take(ComparisonWindow)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds or replaces the image's row: enriching the same image again never counts it twice.</summary>
    public async Task RecordAsync(UserImage image, CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        var existing = await db.Images.SingleOrDefaultAsync(row => row.ImageId == image.ImageId, cancellationToken);
        if (existing is null)
            db.Images.Add(image);
        else
        {
            db.Entry(existing).CurrentValues.SetValues(image);
            db.Entry(existing).Property(row => row.Labels).IsModified = true;
            db.Entry(existing).Property(row => row.Insights).IsModified = true;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (existing is null)
        {
            // A concurrent redelivery inserted the same image first; its row has the same content.
        }
    }
}
