// `npm run backup` and `npm run restore` copy the embedded SQLite database in DATA_DIR. With DATABASE_URL set the
// data is in PostgreSQL: a backup of DATA_DIR would hold none of it and still look like one, so both refuse.

export const NOT_FOR_POSTGRES =
  'DATABASE_URL is set: the data is in PostgreSQL, which this command does not copy. ' +
  "Back the database up with pg_dump or pg_basebackup (or your provider's snapshots and point-in-time recovery), " +
  "and the bucket with the store's own versioning or replication. npm run backup and npm run restore are for the embedded SQLite in DATA_DIR.";
