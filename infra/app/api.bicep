param name string
param location string
param tags object = {}
param planId string
param dotnetVersion string
param storageAccountName string
param deploymentContainerName string
param eventTableName string
param identityId string
param identityClientId string
param applicationInsightsName string
param signalRHostName string
param openAiEndpoint string
param openAiDeploymentName string
param authClientId string

@description('reasoning_effort sent to the model (empty for a model without reasoning).')
param advisorReasoningEffort string = ''

@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@description('Upper bound of Flex Consumption scale-out.')
param maximumInstanceCount int = 40

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Every setting is an endpoint, a name or a client id: identity-based connections, no key or connection secret.
var appSettings = {
  // Host storage: Durable task hub (blobs, queues, tables) through the user-assigned identity.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  // Run event log.
  EventLog__TableServiceUri: storage.properties.primaryEndpoints.table
  EventLog__ClientId: identityClientId
  EventLog__TableName: eventTableName
  // SignalR: read by the negotiate binding and by the Management SDK (same prefix).
  AzureSignalRConnectionString__serviceUri: 'https://${signalRHostName}'
  AzureSignalRConnectionString__credential: 'managedidentity'
  AzureSignalRConnectionString__clientId: identityClientId
  // Advisor: Azure OpenAI with Entra ID; AZURE_CLIENT_ID points DefaultAzureCredential at the user-assigned identity.
  // The advisor speaks the OpenAI v1 API, which Azure OpenAI serves under /openai/v1/.
  Advisor__Endpoint: '${openAiEndpoint}openai/v1/'
  Advisor__Model: openAiDeploymentName
  Advisor__UseEntraId: 'true'
  Advisor__ReasoningEffort: advisorReasoningEffort
  AZURE_CLIENT_ID: identityClientId
  // Telemetry: the connection string only routes data; with Authorization=AAD ingestion is authenticated by the identity.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

module site 'br/public:avm/res/web/site:0.15.1' = {
  name: 'api-flex-consumption'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    serverFarmResourceId: planId
    managedIdentities: {
      systemAssigned: false
      userAssignedResourceIds: [ identityId ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
    siteConfig: {
      alwaysOn: false
      cors: {
        allowedOrigins: [ 'https://portal.azure.com' ]
        supportCredentials: false
      }
    }
    appSettingsKeyValuePairs: appSettings
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: name
}

// App Service Authentication in front of the API: every request needs an Entra ID token for authClientId, and the
// platform injects x-ms-client-principal-id, which the functions read as the caller; /api/health is left out (contract
// 1.1: health is anonymous and says nothing about any user).
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [ '/api/health' ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [ authClientId, 'api://${authClientId}' ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
  dependsOn: [ site ]
}

output name string = site.outputs.name
output uri string = 'https://${site.outputs.defaultHostname}'
