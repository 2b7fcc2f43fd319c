using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps the warnings and errors of in-process hosts, so a failing test can show what the bus and the repository
/// complained about. One process-wide instance that is never disposed (see <see cref="InProcessOrchestrator"/>).
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    const int Capacity = 500;

    public static RecordingLoggerProvider Instance { get; } = new();

    public static ILoggerFactory Factory { get; } = LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        // Concurrency conflicts are expected and retried; EF logs each one as an error.
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        logging.AddProvider(Instance);
    });

    readonly ConcurrentQueue<string> _entries = new();

    public string Recent => string.Join('\n', _entries);

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void Dispose()
    {
    }

    void Record(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }
    }

    sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                provider.Record($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
        }
    }
}
