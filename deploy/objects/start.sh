#!/bin/sh
# The object store of deploy/compose.yaml: one SeaweedFS node (master, volume server, filer and S3 gateway in one
# process) with a single S3 identity, the app's, from S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.
set -eu
: "${S3_ACCESS_KEY_ID:?S3_ACCESS_KEY_ID must be set}" "${S3_SECRET_ACCESS_KEY:?S3_SECRET_ACCESS_KEY must be set}"

# Written afresh at every start, outside the data volume, readable by this user only. The keys go into JSON
# unescaped: deploy/.env.example asks for letters, digits and hyphens.
umask 077
cat >/tmp/s3.json <<JSON
{
  "identities": [
    {
      "name": "bct",
      "credentials": [{ "accessKey": "$S3_ACCESS_KEY_ID", "secretKey": "$S3_SECRET_ACCESS_KEY" }],
      "actions": ["Admin", "Read", "List", "Tagging", "Write"]
    }
  ]
}
JSON

# One copy of each object, on this node's disk (/data): see README, "Deploying on several machines", on durability.
# -ip.bind=0.0.0.0: the other containers and the health check on 127.0.0.1 both reach the S3 port.
exec weed server -dir=/data -ip.bind=0.0.0.0 -volume.max=0 -master.volumeSizeLimitMB=1024 \
  -s3 -s3.port=8333 -s3.config=/tmp/s3.json
