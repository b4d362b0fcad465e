// Azure Database for PostgreSQL flexible server: the shared store when the bot runs on several instances.
// Microsoft Entra sign-in only: no password exists. The Entra administrator (the deploying person, group or service
// principal) runs deploy/postgres/grant-managed-identity.sql once to create the bot's own, non-admin role.

param name string
param location string
@description('Object id of the server\'s Microsoft Entra administrator.')
param entraAdminObjectId string
@description('Its name: a user principal name, a group\'s or a service principal\'s display name (the psql user).')
param entraAdminName string
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param entraAdminType string
@description('Compute tier and size. Burstable B1ms suits a help desk; raise it for thousands of users.')
param skuName string = 'Standard_B1ms'
// The tier follows the size's family: B burstable, D general purpose, E memory optimized.
var skuTier = startsWith(skuName, 'Standard_B') ? 'Burstable' : startsWith(skuName, 'Standard_E') ? 'MemoryOptimized' : 'GeneralPurpose'
param storageSizeGB int = 32
param databaseName string = 'helpdeskbot'
param tags object

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    // Entra tokens only: the bot signs in as its managed identity, the administrator as an Entra principal.
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

// The Entra administrator: the only principal that can create the bot's role (grant-managed-identity.sql).
resource entraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: entraAdminObjectId
  properties: {
    principalName: entraAdminName
    principalType: entraAdminType
    tenantId: tenant().tenantId
  }
}

// The server takes one change at a time: administrator, then database, then firewall rule.
resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  dependsOn: [
    entraAdmin
  ]
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0–0.0.0.0 is Azure's "allow Azure services" rule; use VNet integration and private access to tighten it.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  dependsOn: [
    database
  ]
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
