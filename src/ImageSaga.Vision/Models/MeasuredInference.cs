using ImageSaga.ServiceDefaults.Telemetry;
using Microsoft.ML.OnnxRuntime;

namespace ImageSaga.Vision.Models;

/// <summary>
/// An ONNX Runtime session's <c>Run</c>, as an <c>inference</c> span and an <c>imagesaga.model.inference.duration</c>
/// sample tagged with the model file: what the model costs, apart from the pre- and post-processing around it.
/// </summary>
static class MeasuredInference
{
    /// <summary>Runs into caller-owned output tensors.</summary>
    public static void Run(InferenceSession session, ModelFile model, IReadOnlyCollection<NamedOnnxValue> inputs, IReadOnlyCollection<NamedOnnxValue> outputs) =>
        ImageSagaTelemetry.Measure(ImageSagaTelemetry.InferenceDuration, "inference", Tag(model), () =>
        {
            session.Run(inputs, outputs);
            return true;
        });

    /// <summary>Runs and returns the named outputs; dispose them.</summary>
    public static IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(InferenceSession session, ModelFile model,
        IReadOnlyCollection<NamedOnnxValue> inputs, IReadOnlyCollection<string> outputNames) =>
        ImageSagaTelemetry.Measure(ImageSagaTelemetry.InferenceDuration, "inference", Tag(model), () => session.Run(inputs, outputNames));

    static KeyValuePair<string, object?> Tag(ModelFile model) => new("model", model.Name);
}
