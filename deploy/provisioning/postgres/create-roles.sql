-- ImageSaga's two PostgreSQL roles; neither is a superuser, neither may create databases or roles.
--
--   :owner  owns the database and its public schema, so it may create and alter tables: the processes that run the
--           migrations at start (the orchestrator for the saga tables, enrichment for the user-data tables).
--   :app    may only read and write rows (SELECT, INSERT, UPDATE, DELETE; sequences): the API and notifications, which
--           start with ImageSaga__Persistence__MigrateOnStart=false. It cannot create, alter, drop or truncate a table.
--
-- psql variables: database, owner, owner_password, app, app_password (see create-roles.sh). Safe to run again: it
-- creates what is missing and resets passwords and rights.

SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec

ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';

-- The owner of the database may create schemas in it; everyone else only connects (no temporary tables either).
ALTER DATABASE :"database" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"app";

-- Before PostgreSQL 15 every role may create tables in public; only the owner may here.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Rows of the tables that exist now (a database migrated before the roles were split) ...
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
-- ... and of every table and sequence the owner's migrations create later.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
