namespace ImageSaga.Benchmarks.Processes;

/// <summary>Throughput with a given number of detection processes, and the CPU all service processes used per image.</summary>
sealed record ScalingRun(int DetectionProcesses, int Images, double ImagesPerSecond, double ServiceCpuMsPerImage, CpuUsage Machine);
