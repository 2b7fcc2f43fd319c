using System.Globalization;
using ImageSaga.IntegrationTests.Faults;

// The chaos command: each chosen fault scenario on a fresh distributed deployment (real RabbitMQ and PostgreSQL from
// IMAGESAGA_TEST_RABBITMQ / IMAGESAGA_TEST_POSTGRES, e.g. after `source .ci/start-services.sh`), one after another,
// then a table of what became of the uploads. Exit code 1 when any scenario lost, stuck or duplicated something.
var arguments = ChaosArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine(ChaosArguments.Usage);
    return 2;
}

var ledgers = new List<Ledger>();
var failures = new List<string>();
foreach (var name in arguments.Scenarios)
{
    Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {name}: {arguments.Uploads} uploads …");
    try
    {
        var ledger = await (FaultScenarios.All.GetValueOrDefault(name) ?? FaultScenarios.RealRestarts[name])(arguments.Uploads);
        ledgers.Add(ledger);
        Console.WriteLine(ledger);
        try
        {
            ledger.ShouldHaveLostNothing();
        }
        catch (Exception lost)
        {
            failures.Add($"{name}: {lost.Message}");
        }
    }
    catch (Exception exception)
    {
        failures.Add($"{name}: did not run to the end: {exception.Message}");
        Console.WriteLine($"{name} did not run to the end: {exception}");
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {arguments.Uploads} uploads per scenario"));
Console.WriteLine(Ledger.TableHeader);
foreach (var ledger in ledgers)
    Console.WriteLine(ledger.ToRow());
foreach (var failure in failures)
    Console.WriteLine($"LOST SOMETHING — {failure}");
return failures.Count == 0 ? 0 : 1;
