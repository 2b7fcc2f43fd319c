namespace ImageSaga.Benchmarks;

/// <summary>The temporary data folders the scenarios run in.</summary>
static class ScratchFolder
{
    /// <summary>Deletes <paramref name="path"/>; a folder still in use is reported and left, not allowed to fail the run.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException ex)
        {
            Console.WriteLine($"  (could not delete {path}: {ex.Message})");
        }
    }
}
