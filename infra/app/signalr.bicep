@description('SignalR Service name.')
param name string
param location string
param tags object = {}

// Serverless mode: clients connect to the service after negotiate; the app sends through the Management SDK.
// Local (access key) auth is off, so only Entra ID identities with a SignalR role can connect as a server.
resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'SignalR'
  sku: {
    name: 'Standard_S1'
    capacity: 1
  }
  properties: {
    features: [
      { flag: 'ServiceMode', value: 'Serverless' }
      { flag: 'EnableConnectivityLogs', value: 'true' }
    ]
    cors: {
      allowedOrigins: [ '*' ]
    }
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    tls: {
      clientCertEnabled: false
    }
  }
}

output name string = signalR.name
output hostName string = signalR.properties.hostName
