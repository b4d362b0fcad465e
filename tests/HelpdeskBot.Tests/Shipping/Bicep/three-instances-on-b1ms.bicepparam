// Three instances against the default Burstable B1ms (50 connections): each pool gets its share (BicepTests).
using '../../../../deploy/main.bicep'

param instanceCount = 3
param deployPostgres = true
param postgresSkuName = 'Standard_B1ms'
param postgresAdminPassword = 'not-a-real-password-for-a-snapshot'
