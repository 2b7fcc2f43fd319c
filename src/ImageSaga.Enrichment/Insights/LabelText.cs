using System.Text;

namespace ImageSaga.Enrichment.Insights;

/// <summary>Turns a label as a model (or a user) wrote it into the one spelling that tags and history compare.</summary>
internal static class LabelText
{
    /// <summary>Labels longer than this are not a class name but garbage; they are dropped rather than shown.</summary>
    private const int MaxLength = 64;

    /// <summary>
    /// Trims, collapses runs of whitespace into one space and removes control characters, keeping the case
    /// (descriptions show "Egyptian cat", tags say "egyptian cat"). Empty when nothing usable is left.
    /// </summary>
    public static string Clean(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return "";

        var text = new StringBuilder(label.Length);
        var pendingSpace = false;
        foreach (var character in label)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (char.IsControl(character))
                continue;

            if (pendingSpace)
                text.Append(' ');
            pendingSpace = false;
            text.Append(character);
        }

        return text.Length <= MaxLength ? text.ToString() : "";
    }

    /// <summary>The comparable form: <see cref="Clean"/> and lower-case.</summary>
    public static string Normalize(string? label) => Clean(label).ToLowerInvariant();
}
