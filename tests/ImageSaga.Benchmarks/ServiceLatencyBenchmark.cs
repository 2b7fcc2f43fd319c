using System.Diagnostics;
using ImageSaga.Imaging;

namespace ImageSaga.Benchmarks;

/// <summary>One service, one thread: per-image latency including the decode that service's consumer does.</summary>
sealed record ServiceLatency(string Service, string Measures, int Images, double P50Ms, double P95Ms, double MeanMs, double CpuMsPerImage, CpuUsage Cpu)
{
    public double ImagesPerSecond => 1000.0 / MeanMs;
}

static class ServiceLatencyBenchmark
{
    public static IReadOnlyList<ServiceLatency> Run(AnalysisServices services, PhotoSet photos, int images)
    {
        var limits = services.Limits;
        var cases = new (string Service, string Measures, Action<Photo> Work)[]
        {
            ("metadata", "MetadataExtractor.Extract(bytes)", photo => services.Metadata.Extract(photo.Bytes)),
            ("fingerprint", "DecodeUpright + FingerprintCalculator.Compute", photo =>
            {
                using var upright = ImageInspector.DecodeUpright(photo.Bytes, limits);
                services.Fingerprint.Compute(upright);
            }),
            ("detection", "DecodeUpright + ObjectDetector.Detect (YOLOX-Nano 416)", photo =>
            {
                using var upright = ImageInspector.DecodeUpright(photo.Bytes, limits);
                services.Detector.Detect(upright);
            }),
            ("classification", "DecodeUpright + ImageClassifier.Classify (SqueezeNet 224)", photo =>
            {
                using var upright = ImageInspector.DecodeUpright(photo.Bytes, limits);
                services.Classifier.Classify(upright);
            }),
            ("faces", "DecodeUpright + FaceDetector.Detect (YuNet 640)", photo =>
            {
                using var upright = ImageInspector.DecodeUpright(photo.Bytes, limits);
                services.Faces.Detect(upright);
            }),
            ("moderation", "DecodeUpright + ContentModerator.Moderate (MobileNetV2 224)", photo =>
            {
                using var upright = ImageInspector.DecodeUpright(photo.Bytes, limits);
                services.Moderator.Moderate(upright);
            }),
            ("(decode only)", "ImageInspector.DecodeUpright, for reference", photo =>
            {
                using var upright = ImageInspector.DecodeUpright(photo.Bytes, limits);
            }),
        };

        var results = new List<ServiceLatency>();
        foreach (var (service, measures, work) in cases)
        {
            // Warm-up: every photo once (JIT, ONNX Runtime's first-run allocations, ImageSharp pools).
            for (var i = 0; i < photos.Count; i++)
                work(photos[i]);

            var samples = new List<double>(images);
            var cpu = new CpuMeter();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < images; i++)
            {
                var one = Stopwatch.GetTimestamp();
                work(photos[i]);
                samples.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }

            var wall = Stopwatch.GetElapsedTime(started);
            var usage = cpu.Stop();
            var cpuMs = usage.ProcessTimeOver(wall).TotalMilliseconds / images;

            var result = new ServiceLatency(service, measures, images, Percentiles.Of(samples, 50), Percentiles.Of(samples, 95), samples.Average(),
                cpuMs, usage);
            Console.WriteLine($"  {result.Service,-15} p50 {result.P50Ms,7:F1} ms  p95 {result.P95Ms,7:F1} ms  {result.ImagesPerSecond,6:F1} images/s  "
                + $"CPU {result.CpuMsPerImage,6:F1} ms/image; {usage}");
            results.Add(result);
        }

        return results;
    }
}
