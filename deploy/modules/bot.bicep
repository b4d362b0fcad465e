// The Azure Bot resource (Bot Framework registration) with the Microsoft Teams channel. Its app id is the
// managed identity's client id (msaAppType UserAssignedMSI): https://learn.microsoft.com/azure/bot-service/bot-builder-authentication

param name string
param displayName string
param sku string
@description('https://<host>/api/messages')
param endpoint string
param appId string
param identityId string
@description('Log Analytics workspace receiving the bot\'s request logs.')
param workspaceId string
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // Azure Bot is a global resource; its data residency follows the tenant.
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: appId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identityId
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

// The Bot Service's own log of every activity the channels sent to the endpoint, with its result (category
// BotRequest): shows connector-side failures the app never saw.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: bot
  name: 'bot-requests-to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'BotRequest'
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

output name string = bot.name
