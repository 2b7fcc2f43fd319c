using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageSaga.ServiceDefaults.Persistence;

/// <summary>
/// Stores a property as JSON text: jsonb on PostgreSQL, TEXT on SQLite. Results are documents the saga reads whole,
/// so a column per field would only make every new step a schema change.
/// Change tracking compares these by reference and snapshots nothing: the repository marks the whole saga row
/// modified on every update anyway, and a value comparer that serialised each document to snapshot and compare it
/// cost several serialisations of every result on every message the saga consumed.
/// </summary>
public static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property, bool postgres, Func<T, T>? normalize = null)
    {
        property.HasConversion(
            value => JsonSerializer.Serialize(value, Options),
            text => Normalize(JsonSerializer.Deserialize<T>(text, Options)!, normalize),
            new ValueComparer<T>(
                (a, b) => ReferenceEquals(a, b),
                value => value == null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value),
                value => value));
        if (postgres)
            property.HasColumnType("jsonb");
        return property;
    }

    static T Normalize<T>(T value, Func<T, T>? normalize) => normalize is null || value is null ? value : normalize(value);
}
