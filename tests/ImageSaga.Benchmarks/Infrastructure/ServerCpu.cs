using System.Globalization;

namespace ImageSaga.Benchmarks.Infrastructure;

/// <summary>
/// CPU time used so far by the local broker and database (every process named <c>postgres</c>, and RabbitMQ's Erlang VM
/// <c>beam.smp</c>), read from /proc: with them on the same cores, a setup's cost is its own CPU plus theirs, and
/// this separates them from whatever else the machine runs. A PostgreSQL backend that exits between two readings takes
/// its CPU time with it, so the database's figure is a lower bound (pooled connections mostly live through a run).
/// </summary>
sealed record ServerCpu(TimeSpan Postgres, TimeSpan RabbitMq)
{
    public static ServerCpu Now()
    {
        var postgres = TimeSpan.Zero;
        var rabbitMq = TimeSpan.Zero;
        if (!Directory.Exists("/proc"))
            return new ServerCpu(postgres, rabbitMq);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var name = stat[(open + 1)..close];
                if (name != "postgres" && name != "beam.smp")
                    continue;
                var fields = stat[(close + 2)..].Split(' ');
                // utime and stime (fields 14 and 15 of stat) in clock ticks of 1/100 s.
                var used = TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
                if (name == "postgres")
                    postgres += used;
                else
                    rabbitMq += used;
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
        }

        return new ServerCpu(postgres, rabbitMq);
    }

    public static ServerCpu operator -(ServerCpu after, ServerCpu before) => new(after.Postgres - before.Postgres, after.RabbitMq - before.RabbitMq);
}
