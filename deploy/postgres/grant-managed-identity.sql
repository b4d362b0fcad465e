-- Azure Database for PostgreSQL with Microsoft Entra sign-in: creates the bot's own role for its managed identity
-- (or workload identity) and gives it what its migrations need on the bot's database, nothing more: no superuser,
-- no CREATEROLE, no CREATEDB, no azure_pg_admin. Run once, as the server's Entra administrator, with psql:
--
--   export PGPASSWORD="$(az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv)"
--   psql "host=<server>.postgres.database.azure.com dbname=postgres user=<your Entra admin name> sslmode=require" \
--     -v identity=<managed identity name> -v principal_id=<its principal (object) id> -v database=helpdeskbot \
--     -f deploy/postgres/grant-managed-identity.sql
--
-- After deploy/main.bicep with deployPostgres=true, its outputs postgresServer, postgresRole and botPrincipalId fill in
-- <server>, identity and principal_id (docs/deploy.md gives the command with them).
--
-- The bot then connects with Username=<managed identity name> and no password, and
-- Storage__Postgres__Authentication=Entra (docs/deploy.md, "PostgreSQL with the managed identity").

-- pgaadauth_create_principal_with_oid(role name, object id, type, is admin, is MFA): an Entra service principal
-- role that signs in with tokens of that object id.
SELECT * FROM pgaadauth_create_principal_with_oid(:'identity', :'principal_id', 'service', false, false);

\connect :database
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE :"database" TO :"identity";
-- PostgreSQL 15+ lets only the database owner create in schema public; the migrations create the bot's tables there.
GRANT USAGE, CREATE ON SCHEMA public TO :"identity";
