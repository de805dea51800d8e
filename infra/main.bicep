// OcopTrade on Azure Functions (Flex Consumption, Linux, .NET 10 isolated worker) with identity-only access to storage.
// Deploy: see README "Deploying to Azure".

@description('Short environment name, e.g. "prod" or "staging"; part of every resource name.')
@minLength(2)
@maxLength(10)
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Public base URL printed in QR codes and Open Graph tags; defaults to the function app URL.')
param publicBaseUrl string = ''

@description('Upper bound on instances Flex Consumption may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance; 2048 MB leaves room for image processing.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('The bootstrap admin key (store it somewhere safe; it is written to Key Vault only).')
@secure()
param adminApiKey string

@description('The secret that makes trace codes verifiable. To rotate it, pass the old one as previousTraceCodeKey.')
@secure()
param traceCodeKey string

@description('The trace code key before the last rotation (labels printed with it still verify), or empty.')
@secure()
param previousTraceCodeKey string = ''

@description('The SMTP relay that sends notification mail (e.g. smtp.sendgrid.net, an Exchange Online or ACS relay).')
param smtpHost string = ''

@description('The relay\'s port: 587 with STARTTLS, 465 with TLS from the start.')
param smtpPort int = 587

@description('How the connection to the relay is protected.')
@allowed(['startTls', 'sslOnConnect'])
param smtpSecurity string = 'startTls'

@description('The relay account, or empty for a relay that accepts the app without signing in.')
param smtpUser string = ''

@description('The relay account\'s password (written to Key Vault only), or empty.')
@secure()
param smtpPassword string = ''

@description('The sender of notification mail, e.g. "OcopTrade <no-reply@ocop.example.vn>".')
param smtpFrom string = ''

@description('When this deployment runs; the secrets it writes expire a year later (redeploy or rotate before then).')
param deployedAt string = utcNow()

@description('Address space of the virtual network the app reaches storage and Key Vault through.')
param vnetAddressPrefix string = '10.60.0.0/16'

var suffix = uniqueString(resourceGroup().id, environmentName)
var names = {
  identity: 'id-ocop-${environmentName}'
  logs: 'log-ocop-${environmentName}'
  insights: 'appi-ocop-${environmentName}'
  vault: 'kv-ocop-${take(suffix, 12)}'
  storage: 'stocop${take(suffix, 16)}'
  photos: 'stocoppub${take(suffix, 15)}'
  vnet: 'vnet-ocop-${environmentName}'
  vaultEndpoint: 'pe-kv-ocop-${environmentName}'
  plan: 'plan-ocop-${environmentName}'
  app: 'func-ocop-${environmentName}-${take(suffix, 6)}'
}

// What the app creates at start; declared here too so a deployment is complete before the first request.
var tables = loadJsonContent('storage.json').tables
var queues = loadJsonContent('storage.json').queues
var containers = loadJsonContent('storage.json').containers
var publicContainers = loadJsonContent('storage.json').publicContainers

// Key Vault shows an expiry on each secret (Unix seconds) and can raise SecretNearExpiry events from it; it does not
// refuse to serve an expired secret, so a late rotation warns people and never takes the app down.
var secretExpiry = dateTimeToEpoch(dateTimeAdd(deployedAt, 'P1Y'))

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

// The app's only way to storage and Key Vault: Flex Consumption joins this subnet (delegated to
// Microsoft.App/environments) and sends all its outbound traffic through it.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: names.vnet
  location: location
  properties: {
    addressSpace: { addressPrefixes: [vnetAddressPrefix] }
    subnets: [
      {
        name: 'functions'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 0)
          delegations: [{ name: 'flex', properties: { serviceName: 'Microsoft.App/environments' } }]
          // Service endpoints let the storage firewall name this subnet: no private DNS needed for four services.
          serviceEndpoints: [{ service: 'Microsoft.Storage' }]
        }
      }
      {
        name: 'private-endpoints'
        properties: { addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 1) }
      }
    ]
  }
}

// Tables, queues, originals, imports, keys: nothing here is public. Geo-zone-redundant: three zones here and a copy
// in the paired region (Flex Consumption's zone redundancy asks for ZRS or GZRS storage).
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.storage
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_GZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    // Photos that pages and marketplaces fetch are on the separate public account below, not here.
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled' // for the firewall below to apply; only the app's subnet gets through it
    networkAcls: {
      defaultAction: 'Deny'
      // The app's runtime (host storage, deployment package, data) comes from its subnet. Trusted Azure services
      // cover what the platform itself reads (diagnostics, backup); Functions on Flex is not one of them.
      bypass: 'AzureServices'
      virtualNetworkRules: [{ id: vnet.properties.subnets[0].id, action: 'Allow' }]
    }
  }
}

// The deliberate public path: one container of renditions (names carry a hash of their bytes), anonymous read only.
// Its own account so the data account above allows no public blob at all; the app's identity is the only writer
// (Blob Data Contributor, no keys). Public network on: marketplaces (Shopee, Voso, Postmart) fetch these URLs.
resource photos 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.photos
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_GZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    allowBlobPublicAccess: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

resource photoService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: photos
  name: 'default'
}

resource photoContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in publicContainers: {
    parent: photoService
    name: container
    properties: { publicAccess: 'Blob' }
  }
]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

var privateContainers = filter(containers, c => !contains(publicContainers, c))

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in privateContainers: {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.vault
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    // Reached only through the private endpoint below. The app resolves its @Microsoft.KeyVault references with its
    // user-assigned identity through its VNet integration (Flex routes all outbound traffic into the subnet), the
    // private DNS zone turning the vault's name into the endpoint's address. This deployment writes the secrets
    // through Azure Resource Manager, which the vault's firewall does not stop.
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
  }
}

resource vaultDns 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: 'privatelink.vaultcore.azure.net'
  location: 'global'
}

resource vaultDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: vaultDns
  name: names.vnet
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

resource vaultEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: names.vaultEndpoint
  location: location
  properties: {
    subnet: { id: vnet.properties.subnets[1].id }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: { privateLinkServiceId: vault.id, groupIds: ['vault'] }
      }
    ]
  }
}

resource vaultEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: vaultEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [{ name: 'vault', properties: { privateDnsZoneId: vaultDns.id } }]
  }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'ocop-admin-api-key'
  properties: { value: adminApiKey, contentType: 'text/plain', attributes: { exp: secretExpiry } }
}

resource traceCodeSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'ocop-trace-code-key'
  properties: { value: traceCodeKey, contentType: 'text/plain', attributes: { exp: secretExpiry } }
}

resource previousTraceCodeSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(previousTraceCodeKey)) {
  parent: vault
  name: 'ocop-trace-code-key-previous'
  properties: { value: previousTraceCodeKey, contentType: 'text/plain', attributes: { exp: secretExpiry } }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: 'ocop-smtp-password'
  properties: { value: smtpPassword, contentType: 'text/plain', attributes: { exp: secretExpiry } }
}

// Without a relay the app still runs; each notification then fails its sends, with a log naming the missing setting.
var smtpSettings = concat(empty(smtpHost) ? [] : [
  { name: 'Notifications__Smtp__Host', value: smtpHost }
  { name: 'Notifications__Smtp__Port', value: string(smtpPort) }
  { name: 'Notifications__Smtp__Security', value: smtpSecurity }
  { name: 'Notifications__Smtp__User', value: smtpUser }
  { name: 'Notifications__Smtp__From', value: smtpFrom }
], empty(smtpPassword) ? [] : [
  {
    name: 'Notifications__Smtp__Password'
    value: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/ocop-smtp-password)'
  }
])

// Unversioned, so the reference reads the secret's latest value.
var previousTraceCodeSetting = empty(previousTraceCodeKey) ? [] : [
  {
    name: 'Ocop__PreviousTraceCodeKeys__0'
    value: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/ocop-trace-code-key-previous)'
  }
]

// The identity gets data roles only (no control-plane rights, no account keys).
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
  scope: storage
  name: guid(storage.id, identity.id, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource photoRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: photos
  name: guid(photos.id, identity.id, roles.storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageBlobDataContributor
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The app writes the marketplace tokens it refreshes (a new secret version per refresh) and reads them back.
resource vaultTokenRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: names.plan
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  // Instances spread over the region's availability zones (the storage it runs on is zone-redundant too).
  properties: { reserved: true, zoneRedundant: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: names.app
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: vnet.properties.subnets[0].id
    // Kept on: this is the public API, the trace pages behind printed QR codes and the producer portal, answered on
    // the internet. Storage and Key Vault behind it are not reachable from there.
    publicNetworkAccess: 'Enabled'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}deployments'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // The language stack lives here on Flex Consumption, not in a FUNCTIONS_WORKER_RUNTIME app setting, which the
      // plan rejects (Microsoft Learn, "App settings reference for Azure Functions", Flex Consumption plan
      // deprecations). The package is the framework-dependent worker that scripts/package.sh publishes.
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // /api/health answers 503 while storage is unreachable. Platform health checks act on it on Premium and
      // Dedicated plans; Flex Consumption is not documented to act on it yet, so it is declared for the day it does
      // (and for a move to another plan) while an availability test polls the same path meanwhile.
      healthCheckPath: '/api/health'
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'PublicPhotosStorage__accountName', value: photos.name }
        { name: 'PublicPhotosStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'Ocop__AdminApiKey', value: '@Microsoft.KeyVault(SecretUri=${adminKeySecret.properties.secretUri})' }
        { name: 'Ocop__TraceCodeKey', value: '@Microsoft.KeyVault(SecretUri=${traceCodeSecret.properties.secretUri})' }
        { name: 'Ocop__PublicBaseUrl', value: empty(publicBaseUrl) ? 'https://${names.app}.azurewebsites.net' : publicBaseUrl }
        // NCRONTAB in UTC (Flex Consumption has no WEBSITE_TIME_ZONE): 17:05 and 17:10 are 00:05 and 00:10 in Vietnam.
        { name: 'CertificateSweepSchedule', value: '0 5 17 * * *' }
        { name: 'CertificateWatchSchedule', value: '0 10 17 * * *' }
        { name: 'OrderPullSchedule', value: '0 */5 * * * *' }
        // Shopee access tokens live 4 hours: refreshed an hour before, checked every quarter hour.
        { name: 'MarketplaceTokenRefreshSchedule', value: '0 */15 * * * *' }
        // Marketplace tokens are secrets the app writes itself (each refresh rotates them): Key Vault, not a table.
        { name: 'Syndication__Authorisations__KeyVaultUri', value: vault.properties.vaultUri }
      ], previousTraceCodeSetting, smtpSettings)
    }
  }
  dependsOn: [
    storageRoles
    photoRole
    vaultRole
    vaultTokenRole
    blobContainers
    photoContainers
    previousTraceCodeSecret
    smtpPasswordSecret
    vaultEndpointDns
    vaultDnsLink
  ]
}

output functionAppName string = app.name
output functionAppUrl string = 'https://${app.properties.defaultHostName}'
output storageAccountName string = storage.name
output publicPhotosAccountName string = photos.name
output keyVaultName string = vault.name
output identityClientId string = identity.properties.clientId
output applicationInsightsName string = insights.name
