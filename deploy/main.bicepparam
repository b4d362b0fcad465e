// Example parameters: copy, edit, then
//   az deployment group create -g <resource-group> -f deploy/main.bicep -p deploy/main.bicepparam
// Secrets come from the environment of the shell that deploys (never commit them).
using 'main.bicep'

param namePrefix = 'helpdeskbot'
param botDisplayName = 'HelpdeskBot'
param appServicePlanSku = 'B1'
param instanceCount = 1
param deployPostgres = false
// With deployPostgres: the size sets each instance's connection pool (docs/deploy.md, "Connection pool sizing").
param postgresSkuName = 'Standard_B1ms'
// With deployPostgres: the server's Microsoft Entra administrator, who runs deploy/postgres/grant-managed-identity.sql.
param postgresEntraAdminObjectId = readEnvironmentVariable('HB_POSTGRES_ENTRA_ADMIN_ID', '')
param postgresEntraAdminName = readEnvironmentVariable('HB_POSTGRES_ENTRA_ADMIN_NAME', '')
param postgresEntraAdminType = 'User'
param appSettings = {
  Tickets__Provider: 'Embedded'
}
param appSecrets = {}
