using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Imaging;

/// <summary>
/// Lets the analysis steps of one image that run in the same process share one decode. The fingerprint and the four
/// vision steps receive their commands for the same image within milliseconds of each other; each would otherwise
/// decode and orient the same bytes again (about 6 ms of CPU per 640-px photo, more for large ones).
/// The first step to <see cref="Claim"/> an image decodes it; the others await that decode. Waiting is asynchronous, so
/// a step waiting for another's decode holds no thread and no <see cref="ComputeGate"/> slot (see
/// <see cref="UprightImageStepConsumer{TCommand}"/>): with two slots on two cores, a slot held while waiting is a core
/// left idle.
/// Keyed by the verified SHA-256, so equal bytes give the same pixels whoever stored them. Images are only read by the
/// steps (they resize clones), so one instance can be used from several threads. Memory is bounded by a pixel budget;
/// an evicted image is disposed when its last user releases it. Steps in separate processes simply each decode.
/// </summary>
public sealed class DecodedImageCache : IDisposable
{
    /// <summary>At most this many decoded pixels are kept (about 100 MB as Rgb24).</summary>
    public const long PixelBudget = 32_000_000;

    readonly object _gate = new();
    readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    readonly LinkedList<Entry> _recency = new();
    long _pixels;

    /// <summary>
    /// Joins the decode of the image with this SHA-256, or, when no step has started one, makes the caller its
    /// decoder (<see cref="DecodedImageClaim.MustDecode"/>). Dispose the claim when done with the image.
    /// </summary>
    public DecodedImageClaim Claim(string sha256)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(sha256, out var entry))
            {
                _recency.Remove(entry.Node!);
                _recency.AddFirst(entry.Node!);
                entry.Users++;
                return new DecodedImageClaim(this, entry, mustDecode: false);
            }

            entry = new Entry(sha256);
            _entries.Add(sha256, entry);
            entry.Node = _recency.AddFirst(entry);
            entry.Users++;
            return new DecodedImageClaim(this, entry, mustDecode: true);
        }
    }

    internal void Decoded(Entry entry, Image<Rgb24> image)
    {
        lock (_gate)
        {
            if (!entry.Evicted)
            {
                entry.Counted = true;
                _pixels += (long)image.Width * image.Height;
            }

            entry.Completion.TrySetResult(image);
            EvictOverBudget();
        }
    }

    /// <summary>The decode failed or its decoder left without decoding: the steps waiting for it get <paramref name="reason"/>.</summary>
    internal void Failed(Entry entry, Exception reason)
    {
        lock (_gate)
        {
            Forget(entry);
            entry.Completion.TrySetException(reason);
        }
    }

    internal void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Users--;
            if (entry.Evicted && entry.Users == 0 && entry.Completion.Task.IsCompletedSuccessfully)
                entry.Completion.Task.Result.Dispose();
        }
    }

    void EvictOverBudget()
    {
        // Oldest first; the newest image stays even when it alone is over the budget (its users need it).
        while (_pixels > PixelBudget && _recency.Last is { } oldest && oldest != _recency.First)
        {
            var entry = oldest.Value;
            Forget(entry);
            if (entry.Users == 0 && entry.Completion.Task.IsCompletedSuccessfully)
                entry.Completion.Task.Result.Dispose();
        }
    }

    void Forget(Entry entry)
    {
        if (entry.Evicted)
            return;
        entry.Evicted = true;
        _entries.Remove(entry.Key);
        _recency.Remove(entry.Node!);
        if (entry.Counted)
            _pixels -= (long)entry.Completion.Task.Result.Width * entry.Completion.Task.Result.Height;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values.ToList())
            {
                Forget(entry);
                if (entry.Users == 0 && entry.Completion.Task.IsCompletedSuccessfully)
                    entry.Completion.Task.Result.Dispose();
            }
        }
    }

    internal sealed class Entry(string key)
    {
        public string Key { get; } = key;

        /// <summary>The decoded image, once its decoder has it; continuations run on the pool, not on the decoder's thread.</summary>
        public TaskCompletionSource<Image<Rgb24>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Entry>? Node { get; set; }

        public int Users { get; set; }

        public bool Counted { get; set; }

        public bool Evicted { get; set; }
    }
}

/// <summary>
/// A step's share of one image in <see cref="DecodedImageCache"/>: either it decodes the image
/// (<see cref="MustDecode"/>, then <see cref="Decode"/> inside its compute slot) or it awaits <see cref="Decoded"/>.
/// Disposing it releases the image; a decoder that leaves without decoding lets the waiting steps claim it again.
/// </summary>
public sealed class DecodedImageClaim : IDisposable
{
    readonly DecodedImageCache _cache;
    readonly DecodedImageCache.Entry _entry;
    bool _decodeAttempted;
    int _released;

    internal DecodedImageClaim(DecodedImageCache cache, DecodedImageCache.Entry entry, bool mustDecode)
    {
        _cache = cache;
        _entry = entry;
        MustDecode = mustDecode;
    }

    /// <summary>True for the first step of the image: it decodes, the others wait for it.</summary>
    public bool MustDecode { get; }

    /// <summary>
    /// Completes with the upright image once its decoder has it; faults with the decoder's
    /// <see cref="ImageRejectedException"/> (the same bytes, so the same answer), or with
    /// <see cref="DecodeAbandonedException"/> when the decoder left first (claim again).
    /// </summary>
    public Task<Image<Rgb24>> Decoded => _entry.Completion.Task;

    /// <summary>Decodes the bytes upright, for this step and every step waiting for the image. Only for <see cref="MustDecode"/>.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image; nothing is cached.</exception>
    public Image<Rgb24> Decode(byte[] bytes, ImageLimits limits)
    {
        if (!MustDecode || _decodeAttempted)
            throw new InvalidOperationException("Only the step that claimed the image first decodes it, once.");
        _decodeAttempted = true;
        Image<Rgb24> image;
        try
        {
            image = ImageInspector.DecodeUpright(bytes, limits);
        }
        catch (Exception exception)
        {
            _cache.Failed(_entry, exception);
            throw;
        }

        _cache.Decoded(_entry, image);
        return image;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return;
        if (MustDecode && !_decodeAttempted)
            _cache.Failed(_entry, new DecodeAbandonedException());
        _cache.Release(_entry);
    }
}

/// <summary>The step that was to decode an image left before it did (cancelled, or it failed before decoding).</summary>
public sealed class DecodeAbandonedException() : Exception("The step decoding this image stopped before decoding it; claim the image again.");
