package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.VerificationProgress;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto's S3, with the HTTP requests the store sends captured. */
class S3ProgressStoreTest {

    private static final String BUCKET = "drill-reports";
    private static final String EXECUTION =
            "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-2026-11-26";
    private static final List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();
    private static S3Client s3;

    @BeforeAll
    static void startClient() {
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        sent.add(context.httpRequest());
                    }
                })).build();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @BeforeEach
    void freshBucket() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(BUCKET));
        sent.clear();
    }

    /** What a first round of an S3-dump drill found, every part filled in. */
    private static VerificationProgress firstRound() {
        BackupRef dump = new BackupRef("s3://backups/orders/orders-2026-11-26T020000Z.sql.gz",
                "orders-2026-11-26T020000Z.sql.gz", 354_085, Instant.parse("2026-11-26T02:00:00Z"),
                BackupRef.TimestampSource.FILE_NAME, BackupFormat.GZIP_SQL);
        ProofProgress integrity = new ProofProgress("integrity", false, 780_000,
                List.of("index public.orders_pkey", "table public.orders"), List.of("index public.orders_pkey"),
                List.of("table public.orders"), Map.of("index", 1L, "indexes total", 1L),
                Map.of("corruption", List.of()), Map.of("amcheck version", "1.3"));
        return new VerificationProgress(1, "restore_drill_7", "s3://backups/orders/", Optional.of(dump),
                Optional.of(Duration.ofMinutes(90)), Optional.of("RDS instance rd (h:5432/restore_drill_7)"),
                Optional.of(new RestoreStats(5_242_880, 48_111, 94)), 61_000,
                Optional.of(Instant.parse("2026-11-26T03:31:01Z")), 840_000,
                List.of(new CheckResult("orders present", "SELECT count(*) FROM orders", Optional.of(">= 5"),
                        Optional.of("250"), io.restoredrill.core.domain.Verdict.PASSED, Optional.empty(), 3)),
                List.of(new TableRowCount("public", "orders", 250)), true,
                Optional.of(SchemaFingerprint.of(List.of(new SchemaObject(SchemaObject.Kind.TABLE,
                        "public.orders", "table")))),
                Optional.empty(), 40, List.of(), List.of(integrity, ProofProgress.start("full-read")));
    }

    @Test
    void storesTheProgressAsOneObjectBesideTheReportsAndReadsItBackWhole() {
        S3ProgressStore store = new S3ProgressStore(s3, BUCKET, "reports");

        String location = store.save("orders", EXECUTION, firstRound());
        VerificationProgress read = store.load("orders", EXECUTION);

        assertThat(location).isEqualTo("s3://drill-reports/reports/orders/in-progress/nightly-2026-11-26.json");
        assertThat(read).isEqualTo(firstRound());
        // PutObject then GetObject of exactly that key (path-style: /bucket/key), nothing else: no listing, no ACL.
        assertThat(sent).extracting(r -> r.method() + " " + r.encodedPath()).containsExactly(
                "PUT /drill-reports/reports/orders/in-progress/nightly-2026-11-26.json",
                "GET /drill-reports/reports/orders/in-progress/nightly-2026-11-26.json");
        assertThat(sent.get(0).firstMatchingHeader("Content-Type")).contains("application/json");
        assertThat(sent.get(0).headers()).doesNotContainKeys("x-amz-acl", "x-amz-tagging");
        assertThat(sent.get(0).rawQueryParameters()).isEmpty();
    }

    @Test
    void aLaterRoundReplacesTheEarlierRoundsProgress() {
        S3ProgressStore store = new S3ProgressStore(s3, BUCKET, "reports");
        store.save("orders", EXECUTION, firstRound());
        VerificationProgress second = new VerificationProgress(2, "restore_drill_7", "s3://backups/orders/",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0,
                List.of(), List.of(), false, Optional.empty(), Optional.empty(), 0, List.of("a failure"), List.of());

        store.save("orders", EXECUTION, second);

        assertThat(store.load("orders", EXECUTION)).isEqualTo(second);
    }

    @Test
    void progressThatIsNotThereFailsNamingWhereItLooked() {
        S3ProgressStore store = new S3ProgressStore(s3, BUCKET, "reports");

        assertThatThrownBy(() -> store.load("orders", EXECUTION))
                .isInstanceOf(ReportNotStoredException.class)
                .hasMessageStartingWith("cannot read the proofs' progress at"
                        + " s3://drill-reports/reports/orders/in-progress/nightly-2026-11-26.json, which the last"
                        + " validate round stored: ");
    }
}
