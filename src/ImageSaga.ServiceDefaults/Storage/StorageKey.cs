namespace ImageSaga.ServiceDefaults.Storage;

/// <summary>
/// Rules for claim-check keys. Keys arrive in messages anyone with bus access can publish, so they are treated as
/// hostile: only a conservative character set, no empty, dot or dot-dot segments, no rooted or drive paths.
/// </summary>
public static class StorageKey
{
    public const int MaxLength = 512;

    /// <summary>The key the API uses for an uploaded original.</summary>
    public static string ForOriginal(Guid imageId, string extension) =>
        $"images/{imageId:N}/original{NormalizeExtension(extension)}";

    /// <summary>The key of the thumbnail that is stored beside an original.</summary>
    public static string ForThumbnail(string originalKey)
    {
        Validate(originalKey);
        var slash = originalKey.LastIndexOf('/');
        var folder = slash < 0 ? "" : originalKey[..(slash + 1)];
        var name = originalKey[(slash + 1)..];
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        return $"{folder}{stem}.thumbnail.jpg";
    }

    public static bool IsValid(string? key) => Problem(key) is null;

    public static void Validate(string? key)
    {
        if (Problem(key) is { } problem)
            throw new InvalidStorageKeyException(key ?? "", problem);
    }

    static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return "it is empty";
        if (key.Length > MaxLength)
            return $"it is longer than {MaxLength} characters";
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.'))
                return "only ASCII letters, digits, '/', '-', '_' and '.' are allowed";
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
                return "it has an empty segment (leading, trailing or double '/')";
            if (segment is "." or "..")
                return "it has a '.' or '..' segment";
        }

        return null;
    }

    static string NormalizeExtension(string extension)
    {
        var trimmed = extension.Trim().TrimStart('.').ToLowerInvariant();
        return trimmed.Length is > 0 and <= 5 && trimmed.All(char.IsAsciiLetterOrDigit) ? "." + trimmed : "";
    }
}
