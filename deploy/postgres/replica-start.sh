#!/bin/sh
# The standby's start (deploy/compose.yaml, db-replica): on an empty volume, a base backup of the primary first;
# then PostgreSQL as a hot standby streaming from it under the name the primary waits for (STANDBY_NAME).
set -eu
: "${PRIMARY_HOST:?PRIMARY_HOST must be set}" "${STANDBY_NAME:?STANDBY_NAME must be set}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"

# The password goes in a password file, written afresh at every start (so a changed password takes effect),
# outside the data volume and readable by this user only; the connection settings name the file, not the password.
passfile=/var/lib/postgresql/.pgpass
umask 077
printf '%s:5432:*:replicator:%s\n' "$PRIMARY_HOST" "$REPLICATION_PASSWORD" >"$passfile"
export PGPASSFILE="$passfile"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "db-replica: empty data directory: copying the primary ($PRIMARY_HOST) with pg_basebackup"
  # Streams the WAL written meanwhile through the standby's own slot, so the copy is complete when it ends.
  pg_basebackup --host="$PRIMARY_HOST" --username=replicator --no-password --pgdata="$PGDATA" \
    --wal-method=stream --slot="$STANDBY_NAME" --checkpoint=fast
  cat >>"$PGDATA/postgresql.auto.conf" <<CONF
primary_conninfo = 'host=$PRIMARY_HOST port=5432 user=replicator passfile=$passfile application_name=$STANDBY_NAME'
primary_slot_name = '$STANDBY_NAME'
# The copy brought the primary's synchronous_standby_names along: were this standby promoted, it would wait for
# itself on every commit. A promoted standby starts alone; name its own standby once there is one.
synchronous_standby_names = ''
CONF
  touch "$PGDATA/standby.signal"
fi
chmod 0700 "$PGDATA"

# hot_standby_feedback: the primary's vacuum keeps rows a query here still reads, so long reads on the replica are
# not cancelled; the cost is some bloat on the primary while such a read runs.
exec docker-entrypoint.sh postgres -c hot_standby_feedback=on
