// KnowledgeGraph on Azure: Functions (Flex Consumption) + Storage (papers, papers-failed) + Event Grid
// blob events + Key Vault (Neo4j password) + Application Insights. Deployed by `azd up` (azure.yaml).
// Local modules only, so the template compiles offline.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (a region with Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user or service principal running azd; it may upload papers. Empty: none.')
param principalId string = ''

@allowed(['neo4j', 'sqlite'])
@description('Graph store of the app (KG__Store). Azure uses Neo4j; sqlite would live on the instance disk.')
param store string = 'neo4j'

@description('Base HTTP(S) address of Neo4j (KG__Neo4j__Uri), e.g. https://<id>.databases.neo4j.io for Aura.')
param neo4jUri string

@description('Neo4j database (KG__Neo4j__Database).')
param neo4jDatabase string = 'neo4j'

@description('Neo4j user (KG__Neo4j__User).')
param neo4jUser string = 'neo4j'

@secure()
@description('Neo4j password; stored in Key Vault, the app reads it through a Key Vault reference.')
param neo4jPassword string

@description('Read endpoints need a function key too (KG__Api__RequireKeyForReads).')
param requireKeyForReads bool = false

@description('Container watched for papers (KG__Ingestion__Container).')
param papersContainerName string = 'papers'

@description('Container quarantining inputs that cannot be ingested (KG__Ingestion__FailedContainer).')
param failedContainerName string = 'papers-failed'

@description('Queries of the daily refresh from PubMed and ClinicalTrials.gov (KG__Sources__Refresh__Queries), e.g. preset:all; empty: off.')
param sourceQueries string = ''

@description('Refresh only records new in the last N days (KG__Sources__Refresh__SinceDays); 0: every hit not yet held.')
@minValue(0)
param sourceSinceDays int = 0

@description('Contact e-mail sent to NCBI with every E-utilities request (KG__Sources__PubMed__Email).')
param ncbiEmail string = ''

@secure()
@description('NCBI API key (KG__Sources__PubMed__ApiKey): 10 requests/s instead of 3; empty: none.')
param ncbiApiKey string = ''

@description('Create the Event Grid subscription to the blob trigger webhook. Needs the app code deployed: the azd postdeploy hook sets it and provisions again.')
param deployEventSubscription bool = false

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-kg-${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var systemTopicName = 'evgt-papers-${resourceToken}'
var neo4jPasswordSecretName = 'neo4j-password'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stkg${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      deploymentStorageContainerName
      papersContainerName
      failedContainerName
    ]
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-kg-${resourceToken}'
    location: location
    tags: tags
    secretName: neo4jPasswordSecretName
    secretValue: neo4jPassword
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    storageAccountName: storage.outputs.name
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    store: store
    neo4jUri: neo4jUri
    neo4jDatabase: neo4jDatabase
    neo4jUser: neo4jUser
    neo4jPasswordSecretUri: keyVault.outputs.secretUri
    papersContainerName: papersContainerName
    failedContainerName: failedContainerName
    requireKeyForReads: requireKeyForReads
    sourceQueries: sourceQueries
    sourceSinceDays: sourceSinceDays
    ncbiEmail: ncbiEmail
    ncbiApiKey: ncbiApiKey
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    functionPrincipalId: api.outputs.principalId
    userPrincipalId: principalId
  }
}

module papersTopic 'core/eventgrid/system-topic.bicep' = {
  name: 'papers-topic'
  scope: rg
  params: {
    name: systemTopicName
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

module papersSubscription 'app/blob-event-subscription.bicep' = if (deployEventSubscription) {
  name: 'papers-subscription'
  scope: rg
  params: {
    systemTopicName: papersTopic.outputs.name
    functionAppName: api.outputs.name
    functionName: 'IngestBlob'
    containerName: papersContainerName
  }
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_URL string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = papersTopic.outputs.name
output PAPERS_CONTAINER_NAME string = papersContainerName
output PAPERS_FAILED_CONTAINER_NAME string = failedContainerName
