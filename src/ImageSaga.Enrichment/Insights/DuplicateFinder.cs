using ImageSaga.Contracts;
using ImageSaga.Users.History;

namespace ImageSaga.Enrichment.Insights;

/// <summary>Finds the user's earlier uploads of the same photo: the same bytes, or the same look (re-encoded, resized).</summary>
internal static class DuplicateFinder
{
    /// <summary>
    /// The largest Hamming distance between 64-bit pHashes still called the same photo. Re-encoding and resizing move a
    /// DCT pHash by a few bits; unrelated photos differ in about 32. 10 is the usual cut-off for pHash near-duplicates.
    /// </summary>
    public const int MaxDistance = 10;

    /// <summary>A user wants to hear that the photo is already there, not a catalogue of every copy.</summary>
    public const int MaxReported = 5;

    public static IReadOnlyList<SimilarImage> Find(string? sha256, string? perceptualHash, IEnumerable<UserImage> earlierImages)
    {
        var ownSha = sha256?.Trim() ?? "";
        var hasLook = PerceptualHash.TryParse(perceptualHash, out var ownHash);

        var duplicates = new List<SimilarImage>();
        foreach (var earlier in earlierImages)
        {
            var exact = ownSha.Length > 0 && string.Equals(ownSha, earlier.Sha256?.Trim(), StringComparison.OrdinalIgnoreCase);
            int? distance = exact ? 0
                : hasLook && PerceptualHash.TryParse(earlier.PerceptualHash, out var earlierHash) ? PerceptualHash.Distance(ownHash, earlierHash)
                : null;
            if (distance is not { } found || found > MaxDistance)
                continue;

            duplicates.Add(new SimilarImage
            {
                ImageId = earlier.ImageId,
                FileName = earlier.FileName ?? "",
                UploadedAt = UtcTime.ToOffset(earlier.UploadedAt),
                Distance = found,
                Exact = exact,
            });
        }

        // Closest first; among equally close copies the oldest first, since that is the one the user will recognise.
        return duplicates
            .OrderByDescending(duplicate => duplicate.Exact)
            .ThenBy(duplicate => duplicate.Distance)
            .ThenBy(duplicate => duplicate.UploadedAt)
            .ThenBy(duplicate => duplicate.ImageId)
            .Take(MaxReported)
            .ToList();
    }
}
