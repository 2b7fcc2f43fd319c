using System.Reflection;
using System.Text.Json;
using ImageSaga.Contracts;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Rescue;

namespace ImageSaga.Orchestrator.Intake;

/// <summary>
/// Names the field when a plain JSON upload has a value of the wrong type (<c>"imageId": 12345</c> or
/// <c>"not-a-guid"</c>). The deserializer's own exception says only what it could not convert, and MassTransit puts the
/// innermost exception's message in the dead letter's <c>MT-Fault-Message</c>; the JSON path that names the field is in
/// an outer exception. The message is converted to its type before any consume filter or retry runs, so this sits at
/// the head of the endpoint's error pipe instead: it hands the fault and the dead letter an
/// <see cref="InvalidUploadMessageException"/> whose message names the field and the type it must have, like every
/// other invalid upload.
/// </summary>
sealed class UploadFieldTypeFilter : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next) =>
        FindJsonException(context.Exception) is { Path: { } path } json && Field(path) is { } field
            ? next.Send(new RescueExceptionReceiveContext(context, new InvalidUploadMessageException(Describe(field, path, json))))
            : next.Send(context); // not JSON at all, or malformed (path "$"): the deserializer's reason says it best

    public void Probe(ProbeContext context) => context.CreateFilterScope("uploadFieldTypes");

    static JsonException? FindJsonException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
                return json;
        }
        return null;
    }

    /// <summary>The field of <see cref="ImageUploaded"/> that "$.imageId", "$['imageId']" or "$.imageId.x" names, if any.</summary>
    static PropertyInfo? Field(string path)
    {
        var member = path.TrimStart('$', '.', '[', '\'').Split('.', '[', '\'')[0];
        return member.Length == 0 ? null
            : typeof(ImageUploaded).GetProperty(member, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
    }

    /// <summary>"imageId must be a GUID string, e.g. … (at $.imageId: the deserializer's reason)".</summary>
    static string Describe(PropertyInfo field, string path, JsonException json) =>
        $"{JsonNamingPolicy.CamelCase.ConvertName(field.Name)} must be {Expected(field.PropertyType)} (at {path}: {json.InnerException?.Message ?? json.Message})";

    static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(Guid) => "a GUID string, e.g. \"6f1c8a52-7d0e-4c1b-9a57-3f0f0b3c2d11\"",
        var t when t == typeof(string) => "a string",
        var t when t == typeof(long) || t == typeof(int) => "a whole number",
        var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "an ISO 8601 date and time string, e.g. \"2026-01-31T12:00:00Z\"",
        var t => $"a {t.Name}",
    };
}
