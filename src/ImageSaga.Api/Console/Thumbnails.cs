using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Api.Console;

/// <summary>
/// The picture the console shows for an execution: the 256-px thumbnail the fingerprint step stored, or, until that
/// step has run (or when it failed), the original decoded upright and scaled down the same way. Both are upright, as
/// the detection and face boxes are, so the page can draw the boxes over either by scaling alone.
/// </summary>
public static class Thumbnails
{
    /// <summary>The fingerprint step's size (FingerprintCalculator.ThumbnailSize), kept here so the API need not load it.</summary>
    public const int Size = 256;

    public const string ContentType = "image/jpeg";

    /// <summary>Where a thumbnail came from: <c>stored</c> (the fingerprint step's) or <c>original</c> (scaled down now).</summary>
    public const string SourceHeader = "X-Thumbnail-Source";

    /// <summary>The stored thumbnail, or null when there is none (yet).</summary>
    public static async Task<Stream?> OpenStoredAsync(IImageStore store, ImageFingerprint? fingerprint, CancellationToken cancellationToken)
    {
        if (fingerprint is not { ThumbnailKey: { Length: > 0 } key } || !StorageKey.IsValid(key))
            return null;
        try
        {
            return await store.OpenReadAsync(key, cancellationToken);
        }
        catch (StoredImageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The original, upright and scaled to fit <see cref="Size"/>, as JPEG. Throws <see cref="StoredImageNotFoundException"/>
    /// when the original is gone (a rejected image is quarantined or deleted) and <see cref="ImageRejectedException"/> when
    /// it cannot be decoded within the configured limits.
    /// </summary>
    public static async Task<byte[]> FromOriginalAsync(IImageStore store, string storageKey, ImageLimitsOptions limits, CancellationToken cancellationToken)
    {
        byte[] bytes;
        await using (var original = await store.OpenReadAsync(storageKey, cancellationToken))
        {
            using var buffer = new MemoryStream();
            await original.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        using var image = ImageInspector.DecodeUpright(bytes, limits.ToImageLimits());
        var scale = Math.Min(1.0, (double)Size / Math.Max(image.Width, image.Height));
        if (scale < 1.0)
            image.Mutate(x => x.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale))));
        using var jpeg = new MemoryStream();
        await image.SaveAsJpegAsync(jpeg, new JpegEncoder { Quality = 85 }, cancellationToken);
        return jpeg.ToArray();
    }
}
