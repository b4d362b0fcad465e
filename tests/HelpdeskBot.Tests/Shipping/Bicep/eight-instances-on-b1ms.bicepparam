// Eight instances against B1ms do not fit in its 50 connections: the deployment must refuse with the numbers (BicepTests).
using '../../../../deploy/main.bicep'

param instanceCount = 8
param deployPostgres = true
param postgresSkuName = 'Standard_B1ms'
param postgresEntraAdminObjectId = '00000000-0000-0000-0000-0000000000ad'
param postgresEntraAdminName = 'dba@contoso.com'
