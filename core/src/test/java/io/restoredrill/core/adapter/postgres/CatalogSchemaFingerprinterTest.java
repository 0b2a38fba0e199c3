package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.SchemaDrift;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import io.restoredrill.core.domain.SchemaObject.Kind;
import io.restoredrill.core.domain.SchemaUnreadableException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogSchemaFingerprinterTest {

    private static final Duration BUDGET = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final CatalogSchemaFingerprinter fingerprinter = new CatalogSchemaFingerprinter();

    /** A schema with one of each kind the fingerprint covers, quoted names and a dropped column. */
    private static DatabaseEndpoint shop(String hint) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "CREATE EXTENSION pg_stat_statements",
                "CREATE SCHEMA \"Sales Dept\"",
                "CREATE TYPE \"Sales Dept\".mood AS ENUM ('happy', 'sad')",
                "CREATE TABLE public.customers (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " email varchar(200) NOT NULL UNIQUE, tags text[], gone integer, mood \"Sales Dept\".mood)",
                "ALTER TABLE public.customers DROP COLUMN gone",
                "CREATE TABLE \"Sales Dept\".\"Orders\" (id bigserial PRIMARY KEY,"
                        + " customer_id integer NOT NULL REFERENCES public.customers,"
                        + " total numeric(10,2) NOT NULL CHECK (total >= 0), placed timestamptz, data jsonb)",
                "CREATE INDEX orders_recent ON \"Sales Dept\".\"Orders\" (placed DESC) WHERE total > 0",
                "CREATE INDEX orders_lower ON \"Sales Dept\".\"Orders\" ((data ->> 'kind'))",
                "CREATE TABLE public.events (id integer, day date NOT NULL) PARTITION BY RANGE (day)",
                "CREATE TABLE public.events_2026 PARTITION OF public.events"
                        + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE SEQUENCE public.invoice_numbers START 1000 INCREMENT 10",
                "CREATE VIEW \"Sales Dept\".big_orders AS SELECT id, total FROM \"Sales Dept\".\"Orders\""
                        + " WHERE total > 100",
                "CREATE MATERIALIZED VIEW public.order_totals AS"
                        + " SELECT customer_id, sum(total) AS spent FROM \"Sales Dept\".\"Orders\" GROUP BY 1",
                "CREATE FUNCTION public.order_count(c integer, since date DEFAULT NULL) RETURNS bigint LANGUAGE sql"
                        + " AS 'SELECT count(*) FROM \"Sales Dept\".\"Orders\" WHERE customer_id = c'",
                "CREATE PROCEDURE public.archive(before date) LANGUAGE plpgsql AS $$ BEGIN"
                        + " DELETE FROM public.events WHERE day < before; END $$",
                "INSERT INTO public.customers (email) VALUES ('a@example.com')",
                "INSERT INTO \"Sales Dept\".\"Orders\" (customer_id, total) VALUES (1, 10)");
        return db;
    }

    private DatabaseEndpoint restore(Path dump, BackupFormat format, String hint) throws IOException {
        DatabaseEndpoint target = TestPostgres.createDatabase(hint);
        BackupRef ref = new BackupRef(dump.toString(), dump.getFileName().toString(), Files.size(dump), Instant.now(),
                BackupRef.TimestampSource.MODIFICATION_TIME, format);
        DumpRestorers restorers = DumpRestorers.standard();
        try (InputStream in = Files.newInputStream(dump)) {
            restorers.restore(ref, in, target, RestoreProgress.NONE);
        }
        return target;
    }

    @Test
    void isStableAcrossRunsAndAcrossARealDumpAndRestoreInBothFormats() throws IOException {
        DatabaseEndpoint source = shop("fp_source");
        SchemaFingerprint original = fingerprinter.read(source, BUDGET);

        DatabaseEndpoint fromPlain = restore(PgDump.plain(source, dir.resolve("shop.sql")), BackupFormat.PLAIN_SQL,
                "fp_plain");
        DatabaseEndpoint fromCustom = restore(PgDump.custom(source, dir.resolve("shop.dump")), BackupFormat.CUSTOM,
                "fp_custom");

        assertThat(fingerprinter.read(source, BUDGET)).isEqualTo(original);
        // The drift first: when this fails it lists the differences.
        assertThat(SchemaDrift.between(original, fingerprinter.read(fromPlain, BUDGET)).isEmpty()).isTrue();
        assertThat(fingerprinter.read(fromPlain, BUDGET)).isEqualTo(original);
        assertThat(SchemaDrift.between(original, fingerprinter.read(fromCustom, BUDGET))).isEqualTo(
                new SchemaDrift(java.util.List.of(), java.util.List.of(), java.util.List.of()));
        assertThat(fingerprinter.read(fromCustom, BUDGET).digest()).isEqualTo(original.digest());
    }

    @Test
    void listsEachKindFromTheCatalogsWithQuotedNamesAndLeavesOutDroppedColumnsAndExtensionMembers() {
        SchemaFingerprint fingerprint = fingerprinter.read(shop("fp_listing"), BUDGET);

        assertThat(fingerprint.objects()).contains(
                new SchemaObject(Kind.SCHEMA, "\"Sales Dept\"", ""),
                new SchemaObject(Kind.SCHEMA, "public", ""),
                new SchemaObject(Kind.TABLE, "\"Sales Dept\".\"Orders\"", "table"),
                new SchemaObject(Kind.TABLE, "public.events", "partitioned table"),
                new SchemaObject(Kind.TABLE, "public.events_2026", "table"),
                new SchemaObject(Kind.COLUMN, "\"Sales Dept\".\"Orders\".total", "numeric(10,2) NOT NULL"),
                new SchemaObject(Kind.COLUMN, "\"Sales Dept\".\"Orders\".placed", "timestamp with time zone"),
                new SchemaObject(Kind.COLUMN, "public.customers.tags", "text[]"),
                new SchemaObject(Kind.COLUMN, "public.customers.mood", "\"Sales Dept\".mood"),
                new SchemaObject(Kind.CONSTRAINT, "\"Sales Dept\".\"Orders\".\"Orders_customer_id_fkey\"",
                        "FOREIGN KEY (customer_id) REFERENCES customers(id)"),
                new SchemaObject(Kind.CONSTRAINT, "\"Sales Dept\".\"Orders\".\"Orders_total_check\"",
                        "CHECK ((total >= (0)::numeric))"),
                new SchemaObject(Kind.CONSTRAINT, "public.customers.customers_email_key", "UNIQUE (email)"),
                new SchemaObject(Kind.INDEX, "\"Sales Dept\".orders_recent", "CREATE INDEX orders_recent ON"
                        + " \"Sales Dept\".\"Orders\" USING btree (placed DESC) WHERE (total > (0)::numeric)"),
                new SchemaObject(Kind.SEQUENCE, "public.invoice_numbers",
                        "bigint start 1000 increment 10 min 1 max 9223372036854775807"),
                new SchemaObject(Kind.EXTENSION, "pg_stat_statements", "version 1.10 in schema public"),
                new SchemaObject(Kind.EXTENSION, "plpgsql", "version 1.0 in schema pg_catalog"));
        assertThat(fingerprint.objectsOf(Kind.FUNCTION)).extracting(SchemaObject::name).containsExactly(
                "public.archive(IN before date)", "public.order_count(c integer, since date)");
        assertThat(fingerprint.objectsOf(Kind.FUNCTION).get(1).definition())
                .startsWith("function returns bigint language sql source md5 ");
        assertThat(fingerprint.objectsOf(Kind.VIEW)).extracting(SchemaObject::name)
                .containsExactly("\"Sales Dept\".big_orders", "public.order_totals");
        assertThat(fingerprint.objects()).extracting(SchemaObject::name)
                .noneMatch(name -> name.contains("gone") || name.startsWith("public.pg_stat_statements"));
        // Identity and serial sequences are listed too (pg_dump recreates them under the same names).
        assertThat(fingerprint.objectsOf(Kind.SEQUENCE)).extracting(SchemaObject::name).containsExactly(
                "\"Sales Dept\".\"Orders_id_seq\"", "public.customers_id_seq", "public.invoice_numbers");
    }

    @Test
    void aDumpThatLostAColumnAndAnIndexFailsAgainstTheBaselineThatHadThem() throws IOException {
        DatabaseEndpoint yesterday = shop("fp_yesterday");
        SchemaFingerprint baseline = fingerprinter.read(yesterday, BUDGET);
        DatabaseEndpoint today = shop("fp_today");
        TestPostgres.execute(today, "ALTER TABLE \"Sales Dept\".\"Orders\" DROP COLUMN placed CASCADE",
                "DROP INDEX \"Sales Dept\".orders_lower",
                "CREATE TABLE public.refunds (id integer)");
        DatabaseEndpoint restored = restore(PgDump.custom(today, dir.resolve("today.dump")), BackupFormat.CUSTOM,
                "fp_restored");

        ProofResult proof = SchemaDrift.proof(Optional.of(baseline), "baseline yesterday.json",
                fingerprinter.read(restored, BUDGET), 7);

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.FAILED);
        // Dropping the column took its partial index with it.
        assertThat(proof.findings()).containsExactly(
                "lost column \"Sales Dept\".\"Orders\".placed timestamp with time zone",
                "lost index \"Sales Dept\".orders_lower CREATE INDEX orders_lower ON \"Sales Dept\".\"Orders\""
                        + " USING btree (((data ->> 'kind'::text)))",
                "lost index \"Sales Dept\".orders_recent CREATE INDEX orders_recent ON \"Sales Dept\".\"Orders\""
                        + " USING btree (placed DESC) WHERE (total > (0)::numeric)",
                "added table public.refunds table (not a failure)",
                "added column public.refunds.id integer (not a failure)");
        assertThat(proof.value()).isEqualTo("3 lost, 0 changed (0 breaking), 2 added against baseline yesterday.json");
    }

    @Test
    void theIntegrityProofLeavesTheFingerprintAsItWas() {
        DatabaseEndpoint db = shop("fp_after_amcheck");
        SchemaFingerprint before = fingerprinter.read(db, BUDGET);

        assertThat(new AmcheckIntegrityProof().run(db, Duration.ofMinutes(1)).verdict()).isEqualTo(ProofVerdict.PASSED);

        assertThat(fingerprinter.read(db, BUDGET)).isEqualTo(before);
    }

    @Test
    void aDatabaseThatCannotBeReadIsASchemaUnreadableExceptionNamingIt() {
        DatabaseEndpoint missing = TestPostgres.adminEndpoint().withDatabase("no_such_schema_db");

        assertThatThrownBy(() -> fingerprinter.read(missing, BUDGET))
                .isInstanceOf(SchemaUnreadableException.class)
                .hasMessageStartingWith("cannot read the schema of postgres@localhost:")
                .hasMessageContaining("database \"no_such_schema_db\" does not exist");
    }
}
