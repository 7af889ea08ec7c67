targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; with the subscription and location it seeds every resource name.')
param environmentName string

@minLength(1)
@description('Location of every resource but the Azure OpenAI account (Flex Consumption regions).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Location of the Azure OpenAI account (one where the model deployment is offered).')
param openAiLocation string = 'swedencentral'

@description('Client id of the Entra ID app registration App Service Authentication validates tokens for.')
param authClientId string

@description('Object id of the developer running azd; gets data access for local debugging. Empty to skip.')
param principalId string = ''

// gpt-4o-mini 2024-07-18 retired (2026-03-31 Standard, 2026-10-01 Global Standard); its named successor gpt-4.1-mini
// retired 2026-10-14 and gpt-5-mini takes no new customers since 2026-08-07. gpt-5.4-mini is Global Standard in
// swedencentral (Azure OpenAI model retirement table and Global Standard availability matrix).
@description('The chat model deployed to Azure OpenAI (Global Standard) and used by the advisor.')
param modelName string = 'gpt-5.4-mini'

@description('Version of modelName.')
param modelVersion string = '2026-03-17'

@description('reasoning_effort the advisor sends: low keeps a reasoning model\'s time to first token short; empty for a model without reasoning (e.g. gpt-4.1).')
param advisorReasoningEffort string = 'low'

@description('The .NET version of the isolated worker on Flex Consumption.')
param dotnetVersion string = '10.0'

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var eventTableName = 'runevents'

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The one identity the app uses for storage, SignalR, Azure OpenAI and telemetry; roles in app/rbac.bicep.
module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module plan 'br/public:avm/res/web/serverfarm:0.1.1' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    sku: {
      name: 'FC1'
      tier: 'FlexConsumption'
    }
    reserved: true
    location: location
    tags: tags
  }
}

// Host storage (Durable task hub, deployment package) and the run event log table, which the app creates at startup.
// No shared keys: every client authenticates with the managed identity.
module storage 'br/public:avm/res/storage/storage-account:0.8.3' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    minimumTlsVersion: 'TLS1_2'
    blobServices: {
      containers: [ { name: deploymentContainerName } ]
    }
  }
}

module monitoring 'br/public:avm/ptn/azd/monitoring:0.1.0' = {
  name: 'monitoring'
  scope: rg
  params: {
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
  }
}

module signalR 'app/signalr.bicep' = {
  name: 'signalr'
  scope: rg
  params: {
    name: '${abbrs.signalRServiceSignalR}${resourceToken}'
    location: location
    tags: tags
  }
}

module openAi 'app/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: '${abbrs.cognitiveServicesAccounts}${resourceToken}'
    location: openAiLocation
    tags: tags
    modelName: modelName
    modelVersion: modelVersion
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    dotnetVersion: dotnetVersion
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    eventTableName: eventTableName
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    signalRHostName: signalR.outputs.hostName
    openAiEndpoint: openAi.outputs.endpoint
    openAiDeploymentName: openAi.outputs.deploymentName
    authClientId: authClientId
    advisorReasoningEffort: advisorReasoningEffort
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    developerPrincipalId: principalId
    storageAccountName: storage.outputs.name
    signalRName: signalR.outputs.name
    openAiName: openAi.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_SIGNALR_HOSTNAME string = signalR.outputs.hostName
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
