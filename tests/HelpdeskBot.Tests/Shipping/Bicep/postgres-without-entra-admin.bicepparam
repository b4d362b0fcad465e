// PostgreSQL without an Entra administrator: nobody could create the bot's role, so the deployment must refuse (BicepTests).
using '../../../../deploy/main.bicep'

param instanceCount = 1
param deployPostgres = true
