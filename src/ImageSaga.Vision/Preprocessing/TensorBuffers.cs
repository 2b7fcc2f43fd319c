using System.Buffers;

namespace ImageSaga.Vision.Preprocessing;

/// <summary>
/// The pool the models rent their input and output tensors from. A private pool rather than
/// <see cref="ArrayPool{T}.Shared"/>: the shared pool trims itself on every gen-2 collection, which a profile of the
/// saga showed at about 7 % of thread time with multi-megabyte tensors in it. This one keeps a few arrays per size
/// (bounded: at most <c>MaxPerSize</c> arrays of each power-of-two size up to 8 M floats) and never trims.
/// </summary>
static class TensorBuffers
{
    const int MaxLength = 8 * 1024 * 1024;
    const int MaxPerSize = 4;

    public static ArrayPool<float> Pool { get; } = ArrayPool<float>.Create(MaxLength, MaxPerSize);
}
