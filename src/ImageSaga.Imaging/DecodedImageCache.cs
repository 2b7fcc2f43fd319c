using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Imaging;

/// <summary>
/// Lets the analysis steps of one image that run in the same process share one decode. The fingerprint and the four
/// vision steps receive their commands for the same image within milliseconds of each other; each would otherwise
/// decode and orient the same bytes again (about 6 ms of CPU per 640-px photo, more for large ones).
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

    /// <summary>Decodes (or reuses) the upright image of <paramref name="bytes"/>; dispose the lease when done.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image; nothing is cached.</exception>
    public DecodedImageLease Acquire(string sha256, byte[] bytes, ImageLimits limits)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(sha256, out entry!))
            {
                entry = new Entry(sha256, new Lazy<Image<Rgb24>>(() => ImageInspector.DecodeUpright(bytes, limits)));
                _entries.Add(sha256, entry);
                entry.Node = _recency.AddFirst(entry);
            }
            else
            {
                _recency.Remove(entry.Node!);
                _recency.AddFirst(entry.Node!);
            }

            entry.Users++;
        }

        Image<Rgb24> image;
        try
        {
            // Lazy's default mode decodes once even when several steps ask at the same moment.
            image = entry.Image.Value;
        }
        catch
        {
            lock (_gate)
            {
                Forget(entry);
                entry.Users--;
            }

            throw;
        }

        lock (_gate)
        {
            if (!entry.Counted && !entry.Evicted)
            {
                entry.Counted = true;
                _pixels += (long)image.Width * image.Height;
                EvictOverBudget();
            }
        }

        return new DecodedImageLease(this, entry, image);
    }

    internal void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Users--;
            if (entry.Evicted && entry.Users == 0 && entry.Image.IsValueCreated)
                entry.Image.Value.Dispose();
        }
    }

    void EvictOverBudget()
    {
        // Oldest first; the image just added stays even when it alone is over the budget (its users need it).
        while (_pixels > PixelBudget && _recency.Last is { } oldest && oldest != _recency.First)
        {
            var entry = oldest.Value;
            Forget(entry);
            if (entry.Users == 0 && entry.Image.IsValueCreated)
                entry.Image.Value.Dispose();
        }
    }

    void Forget(Entry entry)
    {
        if (entry.Evicted)
            return;
        entry.Evicted = true;
        _entries.Remove(entry.Key);
        _recency.Remove(entry.Node!);
        if (entry.Counted && entry.Image.IsValueCreated)
            _pixels -= (long)entry.Image.Value.Width * entry.Image.Value.Height;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values.ToList())
            {
                Forget(entry);
                if (entry.Users == 0 && entry.Image.IsValueCreated)
                    entry.Image.Value.Dispose();
            }
        }
    }

    internal sealed class Entry(string key, Lazy<Image<Rgb24>> image)
    {
        public string Key { get; } = key;

        public Lazy<Image<Rgb24>> Image { get; } = image;

        public LinkedListNode<Entry>? Node { get; set; }

        public int Users { get; set; }

        public bool Counted { get; set; }

        public bool Evicted { get; set; }
    }
}

/// <summary>A decoded image on loan from <see cref="DecodedImageCache"/>; read it, do not change it, then dispose.</summary>
public sealed class DecodedImageLease : IDisposable
{
    readonly DecodedImageCache _cache;
    readonly DecodedImageCache.Entry _entry;
    int _released;

    internal DecodedImageLease(DecodedImageCache cache, DecodedImageCache.Entry entry, Image<Rgb24> image)
    {
        _cache = cache;
        _entry = entry;
        Image = image;
    }

    public Image<Rgb24> Image { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _cache.Release(_entry);
    }
}
