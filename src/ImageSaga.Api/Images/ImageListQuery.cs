using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Api.Images;

/// <summary>
/// <c>GET /api/images</c>: filters, keyset pagination on (created, id) so pages stay stable while new images arrive,
/// and counts by state for the same filters.
/// </summary>
public static class ImageListQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static async Task<ImageListPage> RunAsync(IImageSagaDbContextFactory dbFactory, ImageListFilter filter, (DateTime CreatedAt, Guid Id)? after,
        int limit, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var matching = Filtered(db.ImageAnalyses.AsNoTracking(), filter with { State = null });
        var counts = await matching.GroupBy(saga => saga.CurrentState)
            .Select(group => new { State = group.Key, Count = group.Count() })
            .ToDictionaryAsync(row => row.State, row => row.Count, cancellationToken);

        var page = Filtered(db.ImageAnalyses.AsNoTracking(), filter);
        if (after is var (createdAt, id))
            page = page.Where(saga => saga.CreatedAt < createdAt || (saga.CreatedAt == createdAt && saga.CorrelationId.CompareTo(id) < 0));
        var rows = await page.OrderByDescending(saga => saga.CreatedAt).ThenByDescending(saga => saga.CorrelationId)
            .Take(limit + 1)
            .Select(saga => new
            {
                saga.CorrelationId, saga.UserId, saga.CurrentState, saga.OriginalFileName, saga.CreatedAt, saga.FinishedAt, saga.LabelIndex,
                saga.FailureReason, saga.RedriveCount,
            })
            .ToListAsync(cancellationToken);

        var items = rows.Take(limit)
            .Select(row => new ImageSummary(row.CorrelationId, row.UserId, row.CurrentState, row.OriginalFileName, row.CreatedAt, row.FinishedAt,
                row.LabelIndex.Split('|', StringSplitOptions.RemoveEmptyEntries), row.FailureReason, row.RedriveCount))
            .ToList();
        var next = rows.Count > limit ? EncodeCursor(items[^1].CreatedAt, items[^1].ImageId) : null;
        return new ImageListPage(items, next, counts);
    }

    static IQueryable<ImageAnalysisState> Filtered(IQueryable<ImageAnalysisState> sagas, ImageListFilter filter)
    {
        if (filter.State is { } state)
            sagas = sagas.Where(saga => saga.CurrentState == state);
        if (filter.UserId is { } userId)
            sagas = sagas.Where(saga => saga.UserId == userId);
        if (filter.Label is { } label)
        {
            var token = $"|{label}|";
            sagas = sagas.Where(saga => saga.LabelIndex.Contains(token));
        }

        if (filter.From is { } from)
            sagas = sagas.Where(saga => saga.CreatedAt >= from);
        if (filter.To is { } to)
            sagas = sagas.Where(saga => saga.CreatedAt < to);
        return sagas;
    }

    public static string EncodeCursor(DateTime createdAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{createdAt.Ticks.ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    /// <summary>Reads a cursor this API issued; null when it is not one.</summary>
    public static (DateTime CreatedAt, Guid Id)? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and <= 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id)
                ? (new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>What a list is filtered by; null means "any".</summary>
public sealed record ImageListFilter(string? State, string? UserId, string? Label, DateTime? From, DateTime? To);
