// Three instances against the default Burstable B1ms (50 connections): each pool gets its share (BicepTests).
using '../../../../deploy/main.bicep'

param instanceCount = 3
param deployPostgres = true
param postgresSkuName = 'Standard_B1ms'
param postgresEntraAdminObjectId = '00000000-0000-0000-0000-0000000000ad'
param postgresEntraAdminName = 'dba@contoso.com'
