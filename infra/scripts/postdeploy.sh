#!/bin/sh
# azd postdeploy hook: once the function code (and so the blob trigger's webhook and its
# blobs_extension key) exists, provision again with the Event Grid subscription included.
# Later `azd up` runs keep DEPLOY_EVENT_SUBSCRIPTION=true and create it in the first provision.
set -eu

if [ "${DEPLOY_EVENT_SUBSCRIPTION:-false}" = "true" ]; then
  echo "Event Grid subscription for the papers container is already part of the provisioned template."
  exit 0
fi

echo "Creating the Event Grid subscription (papers -> IngestBlob blob trigger webhook)..."
azd env set DEPLOY_EVENT_SUBSCRIPTION true
DEPLOY_EVENT_SUBSCRIPTION=true azd provision --no-prompt
