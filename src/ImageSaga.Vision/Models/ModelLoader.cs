using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace ImageSaga.Vision.Models;

/// <summary>
/// Opens model and label files from the model folder. Every model's SHA-256 is checked before ONNX Runtime sees it,
/// so a truncated download or a swapped file stops the service at start with a message naming the file, instead of
/// producing confident nonsense later.
/// </summary>
public sealed class ModelLoader(IOptions<VisionOptions> options)
{
    readonly VisionOptions _options = options.Value;

    public string Folder => _options.ResolveModelFolder();

    /// <summary>One session per model per process; <c>Run</c> is thread-safe, so callers share it.</summary>
    public InferenceSession Open(ModelFile model)
    {
        var path = Path.Combine(Folder, model.FileName);
        if (!File.Exists(path))
            throw new ModelUnavailableException(
                $"The model file {path} is missing. Copy it from the repository's models/ folder or set {VisionOptions.Section}:ModelFolder.");

        string actual;
        using (var stream = File.OpenRead(path))
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelUnavailableException(
                $"The model file {path} has SHA-256 {actual}, but {model.Name} must have {model.Sha256} (see models/MODELS.md).");

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = _options.InterOpThreads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        return new InferenceSession(path, sessionOptions);
    }

    /// <summary>Reads a label file, one label per line, in model output order.</summary>
    public IReadOnlyList<string> Labels(string fileName, int expectedCount)
    {
        var path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
            throw new ModelUnavailableException($"The label file {path} is missing.");
        var labels = File.ReadAllLines(path).Where(line => line.Length > 0).ToList();
        if (labels.Count != expectedCount)
            throw new ModelUnavailableException($"The label file {path} has {labels.Count} labels; the model has {expectedCount} outputs.");
        return labels;
    }
}
