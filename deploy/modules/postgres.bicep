// Azure Database for PostgreSQL flexible server: the shared store when the bot runs on several instances.

param name string
param location string
param administratorLogin string
@secure()
param administratorPassword string
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
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
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

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0–0.0.0.0 is Azure's "allow Azure services" rule; use VNet integration and private access to tighten it.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
