// HelpdeskBot on Azure: one resource group holding
//   - a user-assigned managed identity: the bot's Microsoft App ID (MicrosoftAppType=UserAssignedMSI, no password
//     to rotate) and the identity that reads Key Vault,
//   - the Azure Bot resource with the Microsoft Teams channel, pointing at https://<app>/api/messages,
//   - App Service (Linux, .NET 10) running HelpdeskBot,
//   - Key Vault (RBAC) holding every secret; app settings reference them (@Microsoft.KeyVault(...)),
//   - Log Analytics + Application Insights, and optionally an OTLP collector endpoint,
//   - optionally Azure Database for PostgreSQL flexible server, for several instances (Storage:Provider=Postgres).
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

@description('Number of App Service instances. More than one needs deployPostgres=true (SQLite is one machine only).')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Container image to run (e.g. myregistry.azurecr.io/helpdeskbot:1.0.0, built from deploy/Dockerfile). Empty: run the .NET 10 runtime and zip-deploy the published app (docs/deploy.md).')
param containerImage string = ''

@description('Create an Azure Database for PostgreSQL flexible server and use it as the store (Storage:Provider=Postgres).')
param deployPostgres bool = false

@description('PostgreSQL administrator login (only with deployPostgres).')
param postgresAdminLogin string = 'helpdeskbot'

@description('PostgreSQL administrator password (only with deployPostgres; stored in Key Vault, referenced by the app).')
@secure()
param postgresAdminPassword string = ''

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

// Names (never values) of the Key Vault secrets, each exposed to the app as a Key Vault reference.
var secretNames = concat(objectKeys(appSecrets), deployPostgres ? [
  'Storage--Postgres--ConnectionString'
] : [])

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
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    readerPrincipalId: identity.outputs.principalId
    secrets: union(appSecrets, deployPostgres ? {
      'Storage--Postgres--ConnectionString': 'Host=${postgres!.outputs.fullyQualifiedDomainName};Port=5432;Database=${postgres!.outputs.databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
    } : {})
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
    instanceCount: instanceCount
    containerImage: containerImage
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    keyVaultName: keyVault.outputs.name
    secretNames: secretNames
    usePostgres: deployPostgres
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

@description('The PostgreSQL server, when deployed.')
output postgresServer string = deployPostgres ? postgres!.outputs.fullyQualifiedDomainName : ''
