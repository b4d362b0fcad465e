// Two instances on SQLite: the deployment must refuse (BicepTests).
using '../../../../deploy/main.bicep'

param instanceCount = 2
param deployPostgres = false
