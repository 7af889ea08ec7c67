#!/usr/bin/env bash
# Registers the Entra ID application that App Service Authentication validates API tokens for, and hands its client id
# to azd (AUTH_CLIENT_ID). It exposes one delegated scope, user_impersonation, asks for v2.0 access tokens (the issuer
# infra/app/api.bicep trusts), and pre-authorizes the Azure CLI, so a signed-in user can get a token with
#   az account get-access-token --scope "api://<client id>/user_impersonation"
# without a consent prompt. Run it once per tenant, after `az login` and `azd env new`.
set -euo pipefail

name=${1:-portfolio-advisor-api}
azure_cli=04b07795-8ddb-461a-bbee-02f9e1bf7b46   # the Azure CLI's well-known public client id

app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
object_id=$(az ad app show --id "$app_id" --query id -o tsv)
az ad app update --id "$app_id" --identifier-uris "api://$app_id"
scope_id=$(python3 -c 'import uuid; print(uuid.uuid4())')
scope=$(cat <<JSON
{"id": "$scope_id", "value": "user_impersonation", "type": "User", "isEnabled": true,
 "adminConsentDisplayName": "Use the Portfolio Advisor API", "adminConsentDescription": "Start and follow portfolio analyses as the signed-in user.",
 "userConsentDisplayName": "Use the Portfolio Advisor API", "userConsentDescription": "Start and follow your portfolio analyses."}
JSON
)
graph="https://graph.microsoft.com/v1.0/applications/$object_id"
# Two writes: Microsoft Graph accepts a pre-authorization only for a scope that already exists.
az rest --method PATCH --uri "$graph" --headers Content-Type=application/json \
  --body "{\"api\": {\"requestedAccessTokenVersion\": 2, \"oauth2PermissionScopes\": [$scope]}}"
az rest --method PATCH --uri "$graph" --headers Content-Type=application/json \
  --body "{\"api\": {\"requestedAccessTokenVersion\": 2, \"oauth2PermissionScopes\": [$scope], \"preAuthorizedApplications\": [{\"appId\": \"$azure_cli\", \"delegatedPermissionIds\": [\"$scope_id\"]}]}}"
az ad sp create --id "$app_id" --output none   # the enterprise application users of the tenant sign in to

azd env set AUTH_CLIENT_ID "$app_id"
echo "AUTH_CLIENT_ID=$app_id"
