// HelpdeskBot on Azure: one resource group holding
//   - a user-assigned managed identity: the bot's Microsoft App ID (MicrosoftAppType=UserAssignedMSI, no password
//     to rotate) and the identity that reads Key Vault,
//   - the Azure Bot resource with the Microsoft Teams channel, pointing at https://<app>/api/messages,
//   - App Service (Linux, .NET 10) running HelpdeskBot,
//   - Key Vault (RBAC) holding every secret; app settings reference them (@Microsoft.KeyVault(...)),
//   - Log Analytics + Application Insights, and optionally an OTLP collector endpoint,
//   - optionally Azure Database for PostgreSQL flexible server, for several instances (Storage:Provider=Postgres),
//     Microsoft Entra sign-in only: the app signs in as its managed identity (Storage:Postgres:Authentication=Entra)
//     once the Entra administrator has run deploy/postgres/grant-managed-identity.sql.
// Deploy: az deployment group create -g <rg> -f deploy/main.bicep -p deploy/main.bicepparam  (docs/deploy.md)

targetScope = 'resourceGroup'

@description('Azure region of every resource except the bot (Azure Bot is global). Default: the resource group\'s.')
param location string = resourceGroup().location

@description('Prefix of resource names, 3-11 lower-case letters/digits; a hash of the resource group keeps names unique.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'helpdeskbot'

@description('Name shown for the bot in the Azure portal and Teams.')
@maxLength(42)
param botDisplayName string = 'HelpdeskBot'

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams are free anyway) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan SKU. B1 is enough for one instance of a help desk; use P1v3 or more to scale out.')
param appServicePlanSku string = 'B1'

@description('Number of App Service instances. More than one needs deployPostgres=true: SQLite is one machine only, and App Service\'s /home is a network file system where SQLite\'s WAL cannot be shared (the deployment fails otherwise).')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Container image to run (e.g. myregistry.azurecr.io/helpdeskbot:1.0.0, built from deploy/Dockerfile). Empty: run the .NET 10 runtime and zip-deploy the published app (docs/deploy.md).')
param containerImage string = ''

@description('Create an Azure Database for PostgreSQL flexible server and use it as the store (Storage:Provider=Postgres).')
param deployPostgres bool = false

@description('PostgreSQL compute size (only with deployPostgres). Its connection limit sizes each instance\'s pool (Storage__Postgres__MaxPoolSize); see postgresMaxConnections.')
param postgresSkuName string = 'Standard_B1ms'

@description('max_connections of the PostgreSQL server when you changed it (or use a size missing from the table below). 0: the size\'s default from https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-limits.')
@minValue(0)
@maxValue(5000)
param postgresMaxConnections int = 0

@description('Object id of the PostgreSQL server\'s Microsoft Entra administrator (required with deployPostgres): whoever runs deploy/postgres/grant-managed-identity.sql once, e.g. you (az ad signed-in-user show --query id -o tsv). The server has no password sign-in.')
param postgresEntraAdminObjectId string = ''

@description('Name of that administrator (required with deployPostgres): a user principal name, or a group\'s or service principal\'s display name. It is the psql user name.')
param postgresEntraAdminName string = ''

@description('Kind of that administrator.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param postgresEntraAdminType string = 'User'

@description('Secrets for Key Vault, as { "Tickets--ServiceNow--Password": "..." }. Each becomes a Key Vault secret and the app setting of the same name with -- turned into __ (Tickets__ServiceNow__Password), a Key Vault reference.')
@secure()
param appSecrets object = {}

@description('Plain (non-secret) app settings, as { "Tickets__Provider": "ServiceNow" }. See appsettings.sample.json for every setting.')
param appSettings object = {}

@description('OTLP endpoint of an OpenTelemetry collector (e.g. https://otel.contoso.com:4318). Empty: no OTLP export.')
param otlpEndpoint string = ''

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags put on every resource.')
param tags object = {
  app: 'helpdeskbot'
}

// ---- PostgreSQL connections: each instance's pool from the server's limit ------------------------------------
// Default max_connections of Azure Database for PostgreSQL flexible server per compute size
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-limits, "Maximum connections").
var postgresDefaultMaxConnections = {
  Standard_B1ms: 50
  Standard_B2s: 429
  Standard_B2ms: 859
  Standard_B4ms: 1718
  Standard_B8ms: 3437
  Standard_B12ms: 5000
  Standard_B16ms: 5000
  Standard_B20ms: 5000
  Standard_D2s_v3: 859
  Standard_D2ds_v4: 859
  Standard_D2ds_v5: 859
  Standard_D2ads_v5: 859
  Standard_D4s_v3: 1718
  Standard_D4ds_v4: 1718
  Standard_D4ds_v5: 1718
  Standard_D4ads_v5: 1718
  Standard_D8s_v3: 3437
  Standard_D8ds_v4: 3437
  Standard_D8ds_v5: 3437
  Standard_D8ads_v5: 3437
  Standard_D16s_v3: 5000
  Standard_D16ds_v4: 5000
  Standard_D16ds_v5: 5000
  Standard_D16ads_v5: 5000
  Standard_E2s_v3: 1718
  Standard_E2ds_v4: 1718
  Standard_E2ds_v5: 1718
  Standard_E2ads_v5: 1718
  Standard_E4s_v3: 3437
  Standard_E4ds_v4: 3437
  Standard_E4ds_v5: 3437
  Standard_E4ads_v5: 3437
  Standard_E8s_v3: 5000
  Standard_E8ds_v4: 5000
  Standard_E8ds_v5: 5000
  Standard_E8ads_v5: 5000
}
// Azure keeps 15 connections for replication and monitoring; 5 more stay free for migrations, psql and the portal.
var postgresReservedConnections = 15
var postgresAdminHeadroom = 5
// One instance more than instanceCount: during a restart or deployment App Service starts the new worker before the
// old one has closed its pool.
var postgresInstancesAtOnce = instanceCount + 1
// The smallest pool worth running: below it a burst of card clicks queues on the pool instead of the database.
var postgresMinPoolSize = 5
// Npgsql's own default maximum: a larger pool only hides a leak.
var postgresPoolCap = 100
var postgresServerConnections = postgresMaxConnections > 0
  ? postgresMaxConnections
  : (postgresDefaultMaxConnections[?postgresSkuName] ?? (deployPostgres ? fail('postgresSkuName \'${postgresSkuName}\' is not in the connection table of main.bicep: set postgresMaxConnections to the server\'s max_connections.') : 0))
var postgresUsableConnections = postgresServerConnections - postgresReservedConnections - postgresAdminHeadroom
var postgresPoolPerInstance = min(postgresPoolCap, postgresUsableConnections / postgresInstancesAtOnce)
var postgresMaxPoolSize = !deployPostgres
  ? 0
  : postgresPoolPerInstance >= postgresMinPoolSize
      ? postgresPoolPerInstance
      : fail('PostgreSQL ${postgresSkuName} allows ${postgresServerConnections} connections: ${postgresReservedConnections} reserved by Azure and ${postgresAdminHeadroom} kept for administration leave ${postgresUsableConnections} for ${postgresInstancesAtOnce} instances at once (instanceCount ${instanceCount} + 1 during restarts), ${postgresPoolPerInstance} each, below the minimum pool of ${postgresMinPoolSize}. Choose a larger postgresSkuName or fewer instances')
// More than one instance needs the shared store.
var checkedInstanceCount = instanceCount == 1 || deployPostgres
  ? instanceCount
  : fail('instanceCount ${instanceCount} needs deployPostgres=true: SQLite keeps its file on one machine (App Service\'s /home is a network file system, where SQLite cannot share its write-ahead log between instances). Set deployPostgres=true or instanceCount=1')

// The server's Entra administrator creates the bot's role; without one nobody could.
var checkedPostgresEntraAdminObjectId = !deployPostgres || (!empty(postgresEntraAdminObjectId) && !empty(postgresEntraAdminName))
  ? postgresEntraAdminObjectId
  : fail('deployPostgres=true needs postgresEntraAdminObjectId and postgresEntraAdminName: the server signs in with Microsoft Entra only, and its Entra administrator runs deploy/postgres/grant-managed-identity.sql once to create the bot\'s role (docs/deploy.md, "PostgreSQL with the managed identity")')

// Names (never values) of the Key Vault secrets, each exposed to the app as a Key Vault reference.
var secretNames = objectKeys(appSecrets)

var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  identity: 'id-${namePrefix}-${suffix}'
  workspace: 'log-${namePrefix}-${suffix}'
  insights: 'appi-${namePrefix}-${suffix}'
  // Key Vault names: 3-24 characters, globally unique.
  keyVault: 'kv-${take(namePrefix, 6)}-${take(suffix, 13)}'
  plan: 'asp-${namePrefix}-${suffix}'
  site: 'app-${namePrefix}-${suffix}'
  bot: 'bot-${namePrefix}-${suffix}'
  postgres: 'psql-${namePrefix}-${suffix}'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    insightsName: names.insights
    location: location
    retentionDays: logRetentionDays
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = if (deployPostgres) {
  name: 'postgres'
  params: {
    name: names.postgres
    location: location
    skuName: postgresSkuName
    entraAdminObjectId: checkedPostgresEntraAdminObjectId
    entraAdminName: postgresEntraAdminName
    entraAdminType: postgresEntraAdminType
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    readerPrincipalId: identity.outputs.principalId
    secrets: appSecrets
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module app 'modules/app.bicep' = {
  name: 'app'
  params: {
    planName: names.plan
    siteName: names.site
    location: location
    planSku: appServicePlanSku
    instanceCount: checkedInstanceCount
    containerImage: containerImage
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityName: identity.outputs.name
    keyVaultName: keyVault.outputs.name
    secretNames: secretNames
    usePostgres: deployPostgres
    postgresHost: deployPostgres ? postgres!.outputs.fullyQualifiedDomainName : ''
    postgresDatabase: deployPostgres ? postgres!.outputs.databaseName : ''
    postgresMaxPoolSize: postgresMaxPoolSize
    appSettings: appSettings
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    otlpEndpoint: otlpEndpoint
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    displayName: botDisplayName
    sku: botSku
    endpoint: 'https://${app.outputs.hostName}/api/messages'
    appId: identity.outputs.clientId
    identityId: identity.outputs.id
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

@description('The bot\'s Microsoft App ID (the managed identity\'s client id): pass it to `HelpdeskBot package --app-id`.')
output botAppId string = identity.outputs.clientId

@description('The bot\'s public host name: pass it to `HelpdeskBot package --domain`.')
output botHostName string = app.outputs.hostName

@description('The messaging endpoint registered on the Azure Bot resource.')
output messagingEndpoint string = 'https://${app.outputs.hostName}/api/messages'

@description('The web app to zip-deploy to (az webapp deploy -n <siteName>).')
output siteName string = app.outputs.siteName

@description('The Key Vault holding the secrets.')
output keyVaultName string = keyVault.outputs.name

@description('The Azure Bot resource.')
output botName string = bot.outputs.name

@description('Connections each instance\'s pool may hold (Storage__Postgres__MaxPoolSize), derived from the server\'s limit; 0 without PostgreSQL.')
output postgresMaxPoolSize int = postgresMaxPoolSize

// Named as the Microsoft 365 Agents Toolkit expects (m365agents.yml writes them to env/.env.<environment>).
@description('Agents Toolkit: the bot\'s Microsoft App ID.')
output BOT_ID string = identity.outputs.clientId

@description('Agents Toolkit: the bot\'s host name (the Teams manifest\'s validDomains).')
output BOT_DOMAIN string = app.outputs.hostName

@description('Agents Toolkit: the App Service that azureAppService/zipDeploy deploys to.')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.siteId

@description('The PostgreSQL server, when deployed.')
output postgresServer string = deployPostgres ? postgres!.outputs.fullyQualifiedDomainName : ''

@description('The bot\'s PostgreSQL role, the managed identity\'s name: grant-managed-identity.sql -v identity=<this>.')
output postgresRole string = identity.outputs.name

@description('The managed identity\'s principal (object) id: grant-managed-identity.sql -v principal_id=<this>.')
output botPrincipalId string = identity.outputs.principalId
