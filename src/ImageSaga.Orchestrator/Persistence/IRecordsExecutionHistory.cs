using MassTransit;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// A saga whose every transition the repository appends to the execution history, in the same transaction as the
/// state, like a Step Functions execution history.
/// </summary>
public interface IRecordsExecutionHistory : ISaga
{
    string State { get; }

    int Version { get; set; }

    int HistoryLength { get; set; }

    DateTime UpdatedAt { get; set; }

    List<string> PendingHistoryNotes { get; }
}
