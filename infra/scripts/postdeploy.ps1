# azd postdeploy hook (Windows): see postdeploy.sh.
$ErrorActionPreference = 'Stop'
if ($env:DEPLOY_EVENT_SUBSCRIPTION -eq 'true') {
    Write-Host 'Event Grid subscription for the papers container is already part of the provisioned template.'
    exit 0
}
Write-Host 'Creating the Event Grid subscription (papers -> IngestBlob blob trigger webhook)...'
azd env set DEPLOY_EVENT_SUBSCRIPTION true
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$env:DEPLOY_EVENT_SUBSCRIPTION = 'true'
azd provision --no-prompt
exit $LASTEXITCODE
