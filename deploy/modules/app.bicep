// App Service (Linux) running HelpdeskBot: .NET 10 runtime with a zip-deployed build, or the container image of
// deploy/Dockerfile. Secrets are Key Vault references resolved by App Service with the bot's identity, so they
// never sit in the app settings themselves.

param planName string
param siteName string
param location string
param planSku string
param instanceCount int
param containerImage string
param identityId string
param identityClientId string
@description('The user-assigned identity\'s name: the bot\'s PostgreSQL role (grant-managed-identity.sql).')
param identityName string
param keyVaultName string
@description('Key Vault secret names (-- separated) to expose as app settings (__ separated).')
param secretNames array
param usePostgres bool
@description('Host name of the PostgreSQL server (with usePostgres).')
param postgresHost string
@description('The bot\'s database on it (with usePostgres).')
param postgresDatabase string
@description('Storage__Postgres__MaxPoolSize, derived in main.bicep from the server\'s connection limit and the instance count.')
param postgresMaxPoolSize int
param appSettings object
param insightsConnectionString string
param otlpEndpoint string
param workspaceId string
param tags object

var useContainer = !empty(containerImage)

// Every secret is a Key Vault reference: https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
var secretSettings = toObject(secretNames, name => replace(name, '--', '__'), name => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${name})')

var baseSettings = {
  ASPNETCORE_ENVIRONMENT: 'Production'
  // The bot authenticates to the Bot Connector as the managed identity: no password exists to leak or rotate.
  MicrosoftAppType: 'UserAssignedMSI'
  MicrosoftAppId: identityClientId
  MicrosoftAppTenantId: tenant().tenantId
  // Azure.Identity's ManagedIdentityCredential picks the user-assigned identity by this client id.
  AZURE_CLIENT_ID: identityClientId
  Storage__Provider: usePostgres ? 'Postgres' : 'Sqlite'
  // /home is the only persistent folder of App Service on Linux; SQLite there suits one instance only.
  Storage__Sqlite__Path: '/home/data/helpdeskbot.db'
  // One JSON object per console line: App Service's console log (AppServiceConsoleLogs) keeps each entry whole.
  Logging__Console__FormatterName: 'json'
  APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
  OTEL_SERVICE_NAME: 'helpdeskbot'
}
// Microsoft Entra sign-in as the user-assigned identity: each connection's password is a token of that identity, so
// the connection string holds no secret and the role is the identity's name (docs/deploy.md).
var postgresSettings = usePostgres ? {
  Storage__Postgres__ConnectionString: 'Host=${postgresHost};Port=5432;Database=${postgresDatabase};Username=${identityName};SSL Mode=Require'
  Storage__Postgres__Authentication: 'Entra'
  Storage__Postgres__ManagedIdentityClientId: identityClientId
  Storage__Postgres__MaxPoolSize: string(postgresMaxPoolSize)
} : {}
var otlpSettings = empty(otlpEndpoint) ? {} : {
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint
}
var containerSettings = useContainer ? {
  WEBSITES_PORT: '8080'
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'true'
} : {}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: useContainer ? 'app,linux,container' : 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: useContainer ? 'DOCKER|${containerImage}' : 'DOTNETCORE|10.0'
      appCommandLine: useContainer ? '' : 'dotnet HelpdeskBot.dll'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/health/ready'
      acrUseManagedIdentityCreds: useContainer
      acrUserManagedIdentityID: useContainer ? identityClientId : null
      appSettings: [for setting in items(union(baseSettings, postgresSettings, otlpSettings, containerSettings, appSettings, secretSettings)): {
        name: setting.key
        value: string(setting.value)
      }]
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'logs-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output hostName string = site.properties.defaultHostName
output siteName string = site.name
output siteId string = site.id
