using System.Text.RegularExpressions;
using ImageSaga.Deployment.Tests.Infrastructure;
using ImageSaga.ServiceDefaults;

namespace ImageSaga.Deployment.Tests;

/// <summary>
/// Every ImageSaga process gets only the rights it needs: on RabbitMQ a user confined to the imagesaga virtual host with
/// no management rights (the API's system page and KEDA read queue depths as a monitor user that cannot touch a queue);
/// on PostgreSQL the schema owner only where migrations run, a role that may only read and write rows elsewhere, and
/// never the superuser. The administrator accounts are for people. Passwords come from .env or the Secret.
/// </summary>
public sealed partial class LeastPrivilegeTests
{
    const string VirtualHost = "imagesaga";
    const string ApplicationUser = "${RABBITMQ_USER}";
    const string MonitorUser = "${RABBITMQ_MONITOR_USER}";
    const string AdminUser = "${RABBITMQ_ADMIN_USER}";

    static readonly string[] RowRights = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    [Fact]
    public void The_application_RabbitMQ_user_has_no_tags_and_only_the_imagesaga_virtual_host()
    {
        Provisioning.Tags(Provisioning.User(ApplicationUser)).ShouldBeEmpty("no administrator, monitoring or management tag");
        var permission = Provisioning.Permissions(ApplicationUser).ShouldHaveSingleItem("permissions on one virtual host only");
        permission.GetProperty("vhost").GetString().ShouldBe("${RABBITMQ_VHOST}");
        Compose.Environment(Compose.Services["rabbitmq"])["RABBITMQ_VHOST"].ShouldBe(VirtualHost);
    }

    [Fact]
    public void The_monitor_user_may_read_queue_statistics_but_not_touch_a_queue()
    {
        Provisioning.Tags(Provisioning.User(MonitorUser)).ShouldBe(["management"], "management sees only its own virtual hosts; monitoring would see all");
        var permission = Provisioning.Permissions(MonitorUser).ShouldHaveSingleItem();
        permission.GetProperty("vhost").GetString().ShouldBe("${RABBITMQ_VHOST}");
        foreach (var right in new[] { "configure", "write", "read" })
            permission.GetProperty(right).GetString().ShouldBe("^$", $"the monitor user may {right} nothing");
    }

    [Fact]
    public void Only_the_operators_RabbitMQ_user_is_an_administrator()
    {
        Provisioning.Tags(Provisioning.User(AdminUser)).ShouldBe(["administrator"]);
        var administrators = Provisioning.Definitions.GetProperty("users").EnumerateArray()
            .Where(user => Provisioning.Tags(user).Contains("administrator")).Select(user => user.GetProperty("name").GetString());
        administrators.ShouldBe([AdminUser]);
        var rabbit = Compose.Environment(Compose.Services["rabbitmq"]);
        // The image's default user would otherwise be guest with the administrator tag.
        rabbit["RABBITMQ_DEFAULT_USER"].ShouldBe(rabbit["RABBITMQ_ADMIN_USER"]);
    }

    [Fact]
    public void Every_compose_service_uses_the_confined_user_on_the_imagesaga_virtual_host()
    {
        var rabbit = Compose.Environment(Compose.Services["rabbitmq"]);
        foreach (var (name, service) in Compose.ImageSagaServices)
        {
            var environment = Compose.Environment(service);
            environment["ImageSaga__Bus__RabbitMq__VirtualHost"].ShouldBe(VirtualHost, name);
            environment["ImageSaga__Bus__RabbitMq__Username"].ShouldBe(rabbit["RABBITMQ_USER"], name);
            environment["ImageSaga__Bus__RabbitMq__Username"].ShouldNotBe(rabbit["RABBITMQ_ADMIN_USER"], name);
        }

        var management = Compose.Environment(Compose.ServiceRunning(ServiceSelection.Api))["ImageSaga__Bus__RabbitMq__ManagementUri"];
        management.ShouldNotBeNull("the API's system page needs a user with management rights");
        management.ShouldStartWith($"http://{rabbit["RABBITMQ_MONITOR_USER"]}:{rabbit["RABBITMQ_MONITOR_PASSWORD"]}@");
    }

    [Fact]
    public void Every_Kubernetes_service_uses_the_imagesaga_virtual_host_and_KEDA_reads_it()
    {
        foreach (var deployment in Kubernetes.Deployments)
            Kubernetes.Environment(deployment, Kubernetes.Base)["ImageSaga__Bus__RabbitMq__VirtualHost"].Value.ShouldBe(VirtualHost, deployment.ToString());
        foreach (var trigger in Kubernetes.ScaledObjects.SelectMany(scaledObject => scaledObject.Spec["triggers"].Items))
            trigger.At("metadata", "vhostName").String.ShouldBe(VirtualHost);
    }

    [Fact]
    public void No_compose_service_connects_to_PostgreSQL_as_the_superuser()
    {
        var postgres = Compose.Environment(Compose.Services["postgres"]);
        var superuser = DockerComposeTests.Variable(postgres["POSTGRES_USER"]);
        var example = DockerComposeTests.EnvExample();
        var users = new HashSet<string>();
        foreach (var (name, service) in Compose.ImageSagaServices)
        {
            if (!Compose.Environment(service).TryGetValue("ImageSaga__Persistence__ConnectionString", out var connectionString))
                continue;
            var user = ConnectionVariable(connectionString!, "Username");
            user.ShouldNotBe(superuser, $"{name} connects as the superuser");
            users.Add(user);
        }

        users.ShouldBe(["POSTGRES_APP_USER", "POSTGRES_OWNER_USER"], ignoreOrder: true);
        example[superuser].ShouldNotBe(example["POSTGRES_OWNER_USER"]);
        example[superuser].ShouldNotBe(example["POSTGRES_APP_USER"]);
        example["POSTGRES_OWNER_USER"].ShouldNotBe(example["POSTGRES_APP_USER"]);
    }

    [Fact]
    public void In_compose_only_the_services_that_migrate_connect_as_the_schema_owner()
    {
        var migrating = new List<string>();
        foreach (var (name, service) in Compose.ImageSagaServices)
        {
            var environment = Compose.Environment(service);
            var migrates = environment.GetValueOrDefault("ImageSaga__Persistence__MigrateOnStart") != "false";
            if (!environment.TryGetValue("ImageSaga__Persistence__ConnectionString", out var connectionString))
            {
                migrates.ShouldBeFalse($"{name} has no database, so it must not migrate");
                continue;
            }
            var owner = ConnectionVariable(connectionString!, "Username") == "POSTGRES_OWNER_USER";
            owner.ShouldBe(migrates, $"{name}: the schema owner if and only if it migrates");
            if (migrates)
                migrating.Add(ServiceSelection.Parse(Compose.SelectedServices(service)).ToString());
        }

        migrating.ShouldBe([ServiceSelection.Orchestrator, ServiceSelection.Enrichment], ignoreOrder: true,
            "the orchestrator owns the saga tables, enrichment the user-data tables");
    }

    [Fact]
    public void On_Kubernetes_only_the_services_that_migrate_connect_as_the_schema_owner()
    {
        foreach (var deployment in Kubernetes.Deployments)
        {
            var environment = Kubernetes.Environment(deployment, Kubernetes.Base);
            var migrates = environment.GetValueOrDefault("ImageSaga__Persistence__MigrateOnStart")?.Value != "false";
            var key = environment.GetValueOrDefault("ImageSaga__Persistence__ConnectionString")?.SecretKey;
            if (key is null)
            {
                migrates.ShouldBeFalse($"{deployment} has no database, so it must not migrate");
                continue;
            }
            key.ShouldBe(migrates ? "postgres-owner-connection-string" : "postgres-app-connection-string", deployment.ToString());
        }
    }

    [Fact]
    public void The_PostgreSQL_roles_are_neither_superusers_nor_may_create_databases_or_roles()
    {
        foreach (var role in new[] { ":\"owner\"", ":\"app\"" })
        {
            var alter = Provisioning.RoleStatements.Single(statement => statement.StartsWith($"ALTER ROLE {role} WITH", StringComparison.Ordinal));
            foreach (var attribute in new[] { "LOGIN", "NOSUPERUSER", "NOCREATEDB", "NOCREATEROLE", "NOREPLICATION", "NOBYPASSRLS" })
                alter.Split(' ').ShouldContain(attribute, $"{role}: {alter}");
        }
    }

    [Fact]
    public void The_read_write_role_gets_row_rights_and_no_DDL_rights()
    {
        var grants = Provisioning.RoleStatements.Where(statement => statement.Contains("GRANT ", StringComparison.Ordinal)
            && statement.EndsWith("TO :\"app\"", StringComparison.Ordinal)).ToList();
        grants.ShouldNotBeEmpty();
        foreach (var grant in grants)
        {
            var rights = GrantedRights().Match(grant);
            rights.Success.ShouldBeTrue(grant);
            foreach (var right in rights.Groups["rights"].Value.Split(',', StringSplitOptions.TrimEntries))
                right.ShouldBeOneOf([.. RowRights, "USAGE", "CONNECT"], $"the read-write role gets only row rights: {grant}");
        }

        // Rights on the tables the owner's migrations create later, not only on those that exist now.
        grants.ShouldContain("ALTER DEFAULT PRIVILEGES FOR ROLE :\"owner\" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :\"app\"");
        grants.ShouldContain("ALTER DEFAULT PRIVILEGES FOR ROLE :\"owner\" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :\"app\"");
        // Before PostgreSQL 15 every role may create tables in public, and every role may create temporary tables.
        Provisioning.RoleStatements.ShouldContain("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        Provisioning.RoleStatements.ShouldContain("REVOKE ALL ON DATABASE :\"database\" FROM PUBLIC");
        Provisioning.RoleStatements.ShouldContain("ALTER SCHEMA public OWNER TO :\"owner\"");
    }

    [Fact]
    public void Compose_and_the_dev_overlay_provision_both_servers_from_the_same_files()
    {
        var rabbit = Compose.Services["rabbitmq"];
        string.Join(' ', rabbit["entrypoint"].Items.Select(item => item.String)).ShouldContain("/etc/imagesaga/rabbitmq/write-definitions.sh");
        rabbit["volumes"].Items.Select(volume => volume.String).ShouldContain("./deploy/provisioning/rabbitmq/imagesaga.conf:/etc/rabbitmq/conf.d/20-imagesaga.conf:ro");
        Compose.Services["postgres"]["volumes"].Items.Select(volume => volume.String)
            .ShouldContain("./deploy/provisioning/postgres/create-roles.sh:/docker-entrypoint-initdb.d/10-create-roles.sh:ro");

        Kubernetes.KustomizationIn("dev").Resources.ShouldContain("../../provisioning");
        var rabbitSet = Kubernetes.Dev.Single(manifest => manifest.Kind == "StatefulSet" && manifest.Name == "rabbitmq");
        string.Join(' ', rabbitSet.Container["command"].Items.Select(item => item.String)).ShouldContain("/etc/imagesaga/rabbitmq/write-definitions.sh");
        rabbitSet.Container["volumeMounts"].Items.Select(mount => mount["mountPath"].String).ShouldContain("/etc/rabbitmq/conf.d/20-imagesaga.conf");
        var postgresSet = Kubernetes.Dev.Single(manifest => manifest.Kind == "StatefulSet" && manifest.Name == "postgres");
        postgresSet.Container["volumeMounts"].Items.Select(mount => mount["mountPath"].String).ShouldContain("/docker-entrypoint-initdb.d/10-create-roles.sh");
        File.ReadAllText(Path.Combine(Provisioning.Folder, "rabbitmq", "imagesaga.conf")).ShouldContain("load_definitions = /tmp/imagesaga/definitions.json");
    }

    /// <summary>
    /// No password is written into a committed file: compose takes every one from .env, the base manifests from the
    /// Secret; the examples hold placeholders, and only the throwaway dev overlay has (dev-only) values.
    /// </summary>
    [Fact]
    public void No_password_literal_is_committed()
    {
        var files = new[] { Compose.FilePath }
            .Concat(Directory.EnumerateFiles(RepositoryRoot.Combine("deploy"), "*", SearchOption.AllDirectories))
            .Where(path => !path.EndsWith(".md", StringComparison.Ordinal));
        foreach (var path in files)
        {
            var file = RepositoryRoot.Relative(path);
            // ${VARIABLE:?message} is a value from .env; its name and message may say "PASSWORD:" too.
            // Comments may talk about passwords.
            var lines = File.ReadLines(path).Where(line => !line.TrimStart().StartsWith('#') && !line.TrimStart().StartsWith("--", StringComparison.Ordinal));
            var text = Regex.Replace(string.Join('\n', lines), @"\$\{[^}]*\}", "$$VARIABLE");
            foreach (Match literal in PasswordLiteral().Matches(text))
            {
                var value = literal.Groups["value"].Value;
                if (value.StartsWith('$') || value.Length == 0 || literal.Value.EndsWith(":'" + value, StringComparison.Ordinal))
                    continue; // a variable: from .env, the environment, or psql's :'variable' 
                var allowed = file.EndsWith(".example.yaml", StringComparison.Ordinal) ? value.StartsWith("change-me", StringComparison.Ordinal)
                    : file.StartsWith("deploy/kubernetes/dev/", StringComparison.Ordinal) && value.StartsWith("devonly", StringComparison.Ordinal);
                allowed.ShouldBeTrue($"{file}: '{literal.Value}' is a password literal");
            }
        }

        foreach (var (name, value) in DockerComposeTests.EnvExample().Where(entry => entry.Key.EndsWith("PASSWORD", StringComparison.Ordinal)))
            value.ShouldBe("change-me", $".env.example's {name} is a placeholder");
    }

    /// <summary>The variable a connection string's setting is taken from: <c>Username=${POSTGRES_APP_USER:?…}</c> gives POSTGRES_APP_USER.</summary>
    static string ConnectionVariable(string connectionString, string setting)
    {
        var match = Regex.Match(connectionString, $@"(?:^|;){setting}=\$\{{(?<name>[A-Za-z_][A-Za-z0-9_]*)");
        match.Success.ShouldBeTrue($"{setting} in '{connectionString}' comes from .env");
        return match.Groups["name"].Value;
    }

    [GeneratedRegex(@"^GRANT (?<rights>[A-Z, ]+?) ON |GRANT (?<rights>[A-Z, ]+?) ON (?:TABLES|SEQUENCES) TO")]
    private static partial Regex GrantedRights();

    /// <summary><c>Password=…</c>, <c>PASSWORD: …</c>, <c>password=…</c> (secretGenerator), <c>"password": "…"</c> and <c>user:…@</c> in a URL.</summary>
    [GeneratedRegex("""(?i)(?:password["']?\s*[:=]\s*["']?|//[A-Za-z0-9._${}:?-]+?:)(?<value>[^;"'\s@/]*)""")]
    private static partial Regex PasswordLiteral();
}
