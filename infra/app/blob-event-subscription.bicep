// Event Grid subscription delivering BlobCreated events of the papers container to the blob trigger
// (Event Grid source) of the function app: the blobs extension webhook, authenticated with the
// host's blobs_extension system key. The key and the webhook's validation handshake exist only once
// the function code is deployed, so main.bicep includes this module only when deployEventSubscription
// is true (set by the azd postdeploy hook, see docs/deploy.md).
param systemTopicName string
param functionAppName string
@description('Name of the blob-triggered function (the host registers it as Host.Functions.<name>).')
param functionName string = 'IngestBlob'
param containerName string = 'papers'

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: '${containerName}-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output name string = subscription.name
