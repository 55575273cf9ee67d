#!/bin/sh
# The primary's one-time set-up (deploy/compose.yaml, db-primary): the app's role and database, the replication
# role and slot, and synchronous replication. The official image runs it once, when the volume is first initialised.
set -eu
: "${APP_DB_PASSWORD:?APP_DB_PASSWORD must be set}" "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"

# psql's :'name' quotes each password as an SQL literal, so no value is pasted into SQL unescaped.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_password="$APP_DB_PASSWORD" -v replication_password="$REPLICATION_PASSWORD" <<'SQL'
-- The app's role owns its database, so that each instance's start can apply the migrations (server/db/migrate-pg.ts,
-- under an advisory lock). Not a superuser. As owner it could still switch the tables' guards off
-- (docs/decisions/036): the guards stop mistakes in the app, not someone holding this password.
CREATE ROLE bct LOGIN PASSWORD :'app_password';
-- Byte-order collation, as SQLite compares text: ids, ISO timestamps and Japanese names sort the same on both
-- (docs/decisions/036-postgresql-schema.md). The cluster is made with --locale=C too (POSTGRES_INITDB_ARGS).
CREATE DATABASE bct OWNER bct LOCALE 'C' ENCODING 'UTF8' TEMPLATE template0;

CREATE ROLE replicator REPLICATION LOGIN PASSWORD :'replication_password';
-- The standby's slot: the primary keeps the WAL the standby has not received yet, so a standby that was down
-- catches up instead of needing a new base backup...
SELECT pg_create_physical_replication_slot('replica1');
-- ...but never more than this: a standby gone for good would otherwise fill the primary's disk. Past it the slot
-- is invalidated and the standby must be rebuilt (empty its volume; postgres/replica-start.sh takes a new copy).
ALTER SYSTEM SET max_slot_wal_keep_size = '8GB';

-- A commit is acknowledged only once its WAL is flushed on the primary and on replica1: an acknowledged write is on
-- two machines. The price: while replica1 is down or unreachable, every commit waits (README, "Deploying on several
-- machines", says how to let the primary go on alone). Applied when the real server starts, after this script.
ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (replica1)';
ALTER SYSTEM SET synchronous_commit = 'on';
SQL

# Replication connections from the network, with a password; the image's own rule ("host all all all") does not
# cover them.
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
