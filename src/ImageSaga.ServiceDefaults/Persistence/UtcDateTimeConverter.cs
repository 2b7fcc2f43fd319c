using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ImageSaga.ServiceDefaults.Persistence;

/// <summary>
/// Every timestamp is UTC. SQLite hands DateTimes back as Unspecified, and Npgsql refuses to write those into
/// timestamptz, so the kind is restored on the way out of the database.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
