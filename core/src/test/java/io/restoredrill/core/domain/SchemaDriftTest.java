package io.restoredrill.core.domain;

import io.restoredrill.core.domain.SchemaObject.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaDriftTest {

    private static final List<SchemaObject> SHOP = List.of(
            new SchemaObject(Kind.SCHEMA, "public", ""),
            new SchemaObject(Kind.TABLE, "public.orders", "table"),
            new SchemaObject(Kind.COLUMN, "public.orders.id", "integer NOT NULL"),
            new SchemaObject(Kind.COLUMN, "public.orders.total", "numeric(10,2) NOT NULL"),
            new SchemaObject(Kind.CONSTRAINT, "public.orders.orders_pkey", "PRIMARY KEY (id)"),
            new SchemaObject(Kind.INDEX, "public.orders_pkey",
                    "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)"),
            new SchemaObject(Kind.INDEX, "public.orders_total",
                    "CREATE INDEX orders_total ON public.orders USING btree (total)"),
            new SchemaObject(Kind.VIEW, "public.big_orders", "view: SELECT id FROM orders WHERE total > 100"),
            new SchemaObject(Kind.EXTENSION, "plpgsql", "version 1.0 in schema pg_catalog"));

    private static SchemaFingerprint shopWith(java.util.function.Consumer<List<SchemaObject>> change) {
        List<SchemaObject> objects = new ArrayList<>(SHOP);
        change.accept(objects);
        return SchemaFingerprint.of(objects);
    }

    private static SchemaObject named(String name) {
        return SHOP.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theSameSchemaListedInAnotherOrderHasTheSameDigestAndNoDrift() {
        List<SchemaObject> reversed = new ArrayList<>(SHOP);
        java.util.Collections.reverse(reversed);

        SchemaFingerprint a = SchemaFingerprint.of(SHOP);
        SchemaFingerprint b = SchemaFingerprint.of(reversed);

        assertThat(b.digest()).isEqualTo(a.digest()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(b.objects()).isEqualTo(a.objects());
        assertThat(SchemaDrift.between(a, b).isEmpty()).isTrue();
        ProofResult proof = SchemaDrift.proof(Optional.of(a), "last.json", b, 3);
        assertThat(proof.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(proof.value()).startsWith("same schema as last.json (" + a.digest());
        assertThat(proof.findings()).isEmpty();
    }

    @Test
    void anyChangeOfTheListingChangesTheDigest() {
        SchemaFingerprint nullable = shopWith(o -> o.set(o.indexOf(named("public.orders.total")),
                new SchemaObject(Kind.COLUMN, "public.orders.total", "numeric(10,2)")));

        assertThat(nullable.digest()).isNotEqualTo(SchemaFingerprint.of(SHOP).digest());
    }

    @Test
    void aLostColumnAndALostIndexFailListingBoth() {
        SchemaFingerprint restored = shopWith(o -> {
            o.remove(named("public.orders.total"));
            o.remove(named("public.orders_total"));
        });

        SchemaDrift drift = SchemaDrift.between(SchemaFingerprint.of(SHOP), restored);
        ProofResult proof = SchemaDrift.proof(Optional.of(SchemaFingerprint.of(SHOP)), "last.json", restored, 5);

        assertThat(drift.fails()).isTrue();
        assertThat(drift.lost()).extracting(SchemaObject::name)
                .containsExactly("public.orders.total", "public.orders_total");
        assertThat(proof.verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(proof.name()).isEqualTo("schema");
        assertThat(proof.value()).isEqualTo("2 lost, 0 changed (0 breaking), 0 added against last.json");
        assertThat(proof.findings()).containsExactly(
                "lost column public.orders.total numeric(10,2) NOT NULL",
                "lost index public.orders_total CREATE INDEX orders_total ON public.orders USING btree (total)");
    }

    @Test
    void aLostTableOrConstraintFails() {
        assertThat(SchemaDrift.between(SchemaFingerprint.of(SHOP),
                shopWith(o -> o.remove(named("public.orders.orders_pkey")))).fails()).isTrue();
        assertThat(SchemaDrift.between(SchemaFingerprint.of(SHOP),
                shopWith(o -> o.remove(named("public.orders")))).fails()).isTrue();
    }

    @Test
    void additionsAreReportedButDoNotFail() {
        SchemaFingerprint restored = shopWith(o -> {
            o.add(new SchemaObject(Kind.TABLE, "public.refunds", "table"));
            o.add(new SchemaObject(Kind.COLUMN, "public.orders.note", "text"));
        });

        ProofResult proof = SchemaDrift.proof(Optional.of(SchemaFingerprint.of(SHOP)), "last.json", restored, 1);

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(proof.value()).isEqualTo("0 lost, 0 changed (0 breaking), 2 added against last.json");
        assertThat(proof.findings()).containsExactly(
                "added table public.refunds table (not a failure)",
                "added column public.orders.note text (not a failure)");
    }

    @Test
    void aColumnThatLostItsNotNullOrChangedTypeFails() {
        SchemaFingerprint restored = shopWith(o -> o.set(o.indexOf(named("public.orders.total")),
                new SchemaObject(Kind.COLUMN, "public.orders.total", "numeric(10,2)")));

        ProofResult proof = SchemaDrift.proof(Optional.of(SchemaFingerprint.of(SHOP)), "last.json", restored, 1);

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(proof.findings()).containsExactly("column public.orders.total changed from"
                + " 'numeric(10,2) NOT NULL' to 'numeric(10,2)'");
    }

    @Test
    void aViewDeparsedDifferentlyOrANewerExtensionVersionIsReportedNotFailed() {
        SchemaFingerprint restored = shopWith(o -> {
            o.set(o.indexOf(named("public.big_orders")), new SchemaObject(Kind.VIEW, "public.big_orders",
                    "view: SELECT orders.id FROM orders WHERE (orders.total > 100)"));
            o.set(o.indexOf(named("plpgsql")), new SchemaObject(Kind.EXTENSION, "plpgsql",
                    "version 1.1 in schema pg_catalog"));
        });

        ProofResult proof = SchemaDrift.proof(Optional.of(SchemaFingerprint.of(SHOP)), "last.json", restored, 1);

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(proof.findings()).hasSize(2).allMatch(f -> f.endsWith("(not a failure)"));
    }

    @Test
    void withoutAnExpectedFingerprintTheProofIsSkippedNotPassed() {
        ProofResult proof = SchemaDrift.proof(Optional.empty(), "baseline old.json", SchemaFingerprint.of(SHOP), 2);

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(proof.passed()).isFalse();
        assertThat(proof.value()).startsWith("skipped: baseline old.json holds no schema fingerprint");
    }

    @Test
    void aFingerprintWhoseListingWasEditedWithoutItsDigestIsRefused() {
        SchemaFingerprint shop = SchemaFingerprint.of(SHOP);

        assertThatThrownBy(() -> new SchemaFingerprint(shop.digest(), SHOP.subList(1, SHOP.size())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema fingerprint digest " + shop.digest() + " does not match its 8 objects");
    }

    @Test
    void anObjectListedTwiceIsRefused() {
        List<SchemaObject> twice = new ArrayList<>(SHOP);
        twice.add(new SchemaObject(Kind.TABLE, "public.orders", "partitioned table"));

        assertThatThrownBy(() -> SchemaFingerprint.of(twice))
                .hasMessage("schema object listed twice: TABLE public.orders");
    }

    @Test
    void summaryCountsObjectsByKind() {
        assertThat(SchemaFingerprint.of(SHOP).summary())
                .isEqualTo("1 schema, 1 extension, 1 table, 2 columns, 1 constraint, 2 indexes, 1 view");
    }

    @Test
    void incompleteAndSkippedProofsMustSayWhyAndNeverCountAsPassed() {
        assertThatThrownBy(() -> new ProofResult("integrity", ProofVerdict.INCOMPLETE, "", List.of(), 1))
                .hasMessage("a INCOMPLETE proof must say why");
        ProofResult incomplete = new ProofResult("integrity", ProofVerdict.INCOMPLETE, "budget ran out",
                List.of("tables not checked: public.t"), 1);
        assertThat(incomplete.passed()).isFalse();
        assertThat(incomplete.failed()).isFalse();
    }
}
