-- Beside the triggers of 0001: the role that runs the migrations, the app's own role, gives up UPDATE, DELETE
-- and TRUNCATE on the append-only tables. A statement that tries is refused with "permission denied" before any
-- trigger runs; putting the privilege back takes an explicit GRANT, which a bug or an injected statement in the
-- app's ordinary work does not make. UPDATE of the two chain columns stays, for sealing entries written before
-- the hash chain existed (the trigger still allows only that). A superuser bypasses privileges: run the app as
-- an ordinary role (deploy/postgres/primary-init.sh does).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, line_reviews FROM CURRENT_USER;
--> statement-breakpoint
GRANT UPDATE (prev_hash, hash) ON audit_log TO CURRENT_USER;
