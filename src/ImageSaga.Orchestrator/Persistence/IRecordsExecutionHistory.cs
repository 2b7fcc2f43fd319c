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

    /// <summary>
    /// Finished, with nothing left to wait for: a message that still arrives is a late duplicate or an operator's
    /// command (a redrive), rare enough to read the row for. The repository keeps only unsettled instances in memory.
    /// </summary>
    bool IsSettled { get; }
}
