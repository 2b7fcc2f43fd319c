namespace ImageSaga.Api.Images;

/// <summary>
/// One page of analyses, newest first. <see cref="NextCursor"/> fetches the next page (null on the last);
/// <see cref="CountsByState"/> counts everything the filters match, across all pages, by state.
/// </summary>
public sealed record ImageListPage(IReadOnlyList<ImageSummary> Items, string? NextCursor, IReadOnlyDictionary<string, int> CountsByState);
