// The KnowledgeGraph Functions app: Flex Consumption host plus the settings the app reads.
// Keys under KG__ are KnowledgeGraphOptions (section KG) in environment form; PapersStorage__* is the
// identity-based connection named by KG__Ingestion__Connection (blob trigger and quarantine client).
param name string
param planName string
param location string = resourceGroup().location
param tags object = {}
param serviceName string = 'api'

param storageAccountName string
param deploymentStorageContainerName string
param applicationInsightsName string
param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

@allowed(['neo4j', 'sqlite'])
param store string = 'neo4j'
param neo4jUri string
param neo4jDatabase string = 'neo4j'
param neo4jUser string = 'neo4j'
@description('Versionless URI of the Key Vault secret holding the Neo4j password.')
param neo4jPasswordSecretUri string
param papersContainerName string = 'papers'
param failedContainerName string = 'papers-failed'
param requireKeyForReads bool = false
@description('Queries of the daily source refresh (KG__Sources__Refresh__Queries); empty: off.')
param sourceQueries string = ''
param sourceSinceDays int = 0
param ncbiEmail string = ''
@secure()
param ncbiApiKey string = ''

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

module host '../core/host/functions-flexconsumption.bicep' = {
  name: 'api-host'
  params: {
    name: name
    planName: planName
    location: location
    tags: tags
    serviceName: serviceName
    storageAccountName: storageAccountName
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsName: applicationInsightsName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: {
      KG__Store: store
      KG__Neo4j__Uri: neo4jUri
      KG__Neo4j__Database: neo4jDatabase
      KG__Neo4j__User: neo4jUser
      KG__Neo4j__Password: '@Microsoft.KeyVault(SecretUri=${neo4jPasswordSecretUri})'
      KG__Ingestion__Container: papersContainerName
      KG__Ingestion__FailedContainer: failedContainerName
      KG__Ingestion__Connection: 'PapersStorage'
      KG__Api__RequireKeyForReads: requireKeyForReads ? 'true' : 'false'
      // The RefreshSources timer: PubMed / ClinicalTrials.gov queries whose new records it drops into the papers container.
      KG__Sources__Refresh__Queries: sourceQueries
      KG__Sources__Refresh__SinceDays: string(sourceSinceDays)
      KG__Sources__PubMed__Email: ncbiEmail
      KG__Sources__PubMed__ApiKey: ncbiApiKey
      // The connection named by KG__Ingestion__Connection, used by the blob trigger (Event Grid
      // source; the trigger also needs the queue endpoint) and the quarantine client.
      PapersStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      PapersStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
      PapersStorage__credential: 'managedidentity'
    }
  }
}

output name string = host.outputs.name
output uri string = host.outputs.uri
output principalId string = host.outputs.principalId
