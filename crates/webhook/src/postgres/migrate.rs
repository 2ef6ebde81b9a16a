//! The tables, created and upgraded by numbered migrations recorded in
//! `vcc_schema_migrations`; several receivers starting at once take turns (an advisory lock).

use deadpool_postgres::ClientWrapper;

/// The schema version this build creates and expects.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The advisory lock held while migrating (any number: the same for every receiver).
const MIGRATION_LOCK: i64 = 0x7663_635f_6576_7473; // "vcc_evts"

/// Each migration's SQL, in order: version 1 is the first. Never edit one that has shipped:
/// add the next.
const MIGRATIONS: &[&str] = &[
    // 1: the events, each once; the consumer groups and what each has not processed yet.
    "CREATE TABLE vcc_events (
        source text NOT NULL,
        id text NOT NULL,
        type text NOT NULL,
        body text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        PRIMARY KEY (source, id)
    );
    CREATE TABLE vcc_consumer_groups (
        name text PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE vcc_unprocessed (
        consumer_group text NOT NULL REFERENCES vcc_consumer_groups (name) ON DELETE CASCADE,
        seq bigint NOT NULL,
        PRIMARY KEY (consumer_group, seq)
    );
    CREATE FUNCTION vcc_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO vcc_unprocessed (consumer_group, seq)
        SELECT g.name, n.seq FROM new_events n CROSS JOIN vcc_consumer_groups g;
        RETURN NULL;
    END $$;
    CREATE TRIGGER vcc_fan_out AFTER INSERT ON vcc_events
        REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION vcc_fan_out();",
];

/// Applies the migrations the database has not seen, in one transaction.
pub(super) async fn run(client: &mut ClientWrapper) -> Result<(), tokio_postgres::Error> {
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    transaction
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS vcc_schema_migrations (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )",
        )
        .await?;
    let applied: i32 = transaction
        .query_one(
            "SELECT coalesce(max(version), 0) FROM vcc_schema_migrations",
            &[],
        )
        .await?
        .get(0);
    for (version, sql) in (1..).zip(MIGRATIONS).skip(applied.max(0) as usize) {
        transaction.batch_execute(sql).await?;
        transaction
            .execute(
                "INSERT INTO vcc_schema_migrations (version) VALUES ($1)",
                &[&version],
            )
            .await?;
    }
    transaction.commit().await
}
