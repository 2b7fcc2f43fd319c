namespace ImageSaga.ServiceDefaults.Storage;

/// <summary>
/// Lets the analysis steps of one image that run in the same process share one read and one SHA-256 of the stored
/// bytes. The six steps receive their commands for the same image within milliseconds of each other; each would
/// otherwise read the file and hash it again. An entry is keyed by the storage key, the expected SHA-256 and the
/// object's current length, and holds only bytes whose hash matched, so a hit gives exactly the bytes the claim check
/// names; the caller still asks the store for the object's length first, so a deleted or resized object is never
/// served from here. Entries are bounded by a byte budget and by age (steps of one image arrive together; a step
/// that comes much later reads again). The arrays are shared: callers read them and never change them.
/// </summary>
public sealed class VerifiedImageCache(TimeProvider clock)
{
    /// <summary>At most this many bytes are kept.</summary>
    public const long ByteBudget = 32L * 1024 * 1024;

    /// <summary>An entry older than this is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    readonly object _gate = new();
    readonly Dictionary<Key, Entry> _entries = [];
    readonly LinkedList<Entry> _recency = new();
    long _bytes;

    /// <summary>Bytes held now (for tests and diagnostics).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
                return _bytes;
        }
    }

    /// <summary>Entries held now, including reads in progress.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>
    /// The verified bytes of <paramref name="storageKey"/>: from an earlier or concurrent read of the same object, or
    /// from <paramref name="readVerified"/>, which must read the object and throw unless its SHA-256 is
    /// <paramref name="sha256"/>. Callers asking at the same moment share one read; a failed read is not kept, so every
    /// caller that waited for it sees its exception and the next one reads again.
    /// </summary>
    public Task<byte[]> GetOrReadAsync(string storageKey, string sha256, long length, Func<CancellationToken, Task<byte[]>> readVerified,
        CancellationToken cancellationToken)
    {
        var key = new Key(storageKey, sha256.ToLowerInvariant(), length);
        Entry entry;
        var reads = false;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_entries.TryGetValue(key, out entry!) && now - entry.CreatedAt <= MaxAge)
            {
                _recency.Remove(entry.Node!);
                _recency.AddFirst(entry.Node!);
            }
            else
            {
                if (entry is not null)
                    Forget(entry);
                entry = new Entry(key, now);
                _entries.Add(key, entry);
                entry.Node = _recency.AddFirst(entry);
                reads = true;
            }
        }

        if (reads)
            _ = FillAsync(entry, readVerified);
        return entry.Bytes.Task.WaitAsync(cancellationToken);
    }

    async Task FillAsync(Entry entry, Func<CancellationToken, Task<byte[]>> readVerified)
    {
        try
        {
            // One caller's cancellation must not fail the others that share this read; it is short and bounded anyway.
            var bytes = await readVerified(CancellationToken.None);
            lock (_gate)
            {
                if (!entry.Forgotten)
                {
                    entry.Length = bytes.LongLength;
                    _bytes += entry.Length;
                    EvictOverBudget();
                }
            }

            entry.Bytes.SetResult(bytes);
        }
        catch (Exception exception)
        {
            lock (_gate)
                Forget(entry);
            entry.Bytes.SetException(exception);
        }
    }

    void EvictOverBudget()
    {
        // Oldest first; the newest entry stays even when it alone is over the budget (its readers are waiting for it).
        while (_bytes > ByteBudget && _recency.Last is { } oldest && oldest != _recency.First)
            Forget(oldest.Value);
    }

    void Forget(Entry entry)
    {
        if (entry.Forgotten)
            return;
        entry.Forgotten = true;
        _entries.Remove(entry.Key);
        _recency.Remove(entry.Node!);
        _bytes -= entry.Length;
    }

    readonly record struct Key(string StorageKey, string Sha256, long Length);

    sealed class Entry(Key key, DateTimeOffset createdAt)
    {
        public Key Key { get; } = key;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public TaskCompletionSource<byte[]> Bytes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Entry>? Node { get; set; }

        public long Length { get; set; }

        public bool Forgotten { get; set; }
    }
}
