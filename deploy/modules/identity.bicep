// The bot's identity: its Microsoft App ID for the Bot Connector (MicrosoftAppType=UserAssignedMSI) and the
// identity App Service uses to resolve Key Vault references.

param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
