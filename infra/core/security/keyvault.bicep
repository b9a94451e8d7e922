// Key Vault with RBAC authorization (no access policies) holding one secret.
param name string
param location string = resourceGroup().location
param tags object = {}
param secretName string
@secure()
param secretValue string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
@description('Versionless secret URI: a Key Vault reference to it follows rotations.')
output secretUri string = secret.properties.secretUri
