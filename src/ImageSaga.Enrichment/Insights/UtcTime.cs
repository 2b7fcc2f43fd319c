namespace ImageSaga.Enrichment.Insights;

/// <summary>History times are stored as UTC <see cref="DateTime"/>s; a database may hand them back unmarked.</summary>
internal static class UtcTime
{
    /// <summary>The instant as a UTC offset; an unspecified kind is taken as UTC, which is how history stores it.</summary>
    public static DateTimeOffset ToOffset(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
