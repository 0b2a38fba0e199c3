package io.restoredrill.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.metrics.EmfAuditMetrics;
import io.restoredrill.core.adapter.rds.MotoRdsAccount;
import io.restoredrill.core.adapter.rds.RdsDatabaseInventory;
import io.restoredrill.core.adapter.s3.ReportNotStoredException;
import io.restoredrill.core.adapter.s3.S3AuditReportStore;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The nightly audit on moto: the report lands beside the drills' reports, and the metric line counts what it found. */
class NightlyAuditTest {

    private static final String BUCKET = "drill-reports";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoRdsAccount account;
    private S3Client s3;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void world() {
        account = MotoRdsAccount.create();
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void close() {
        account.close();
        s3.close();
    }

    @Test
    void keepsTheReportThenPublishesTheCountOfDatabasesAtHighSeverity() throws Exception {
        account.productionInstance("billing-prod", false);           // no deletion protection: high
        account.manualSnapshot("billing-prod", "billing-manual-1");
        account.productionInstance("orders-prod", true);             // automated snapshots only: high
        account.productionInstance("payments-prod", true);           // protected, manual snapshot: no high
        account.manualSnapshot("payments-prod", "payments-manual-1");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        NightlyAudit.Outcome outcome = nightly(now).run();

        assertThat(outcome.databases()).isEqualTo(3);
        assertThat(outcome.databasesAtHigh()).isEqualTo(2);
        assertThat(outcome.location()).isEqualTo("s3://" + BUCKET + "/" + S3AuditReportStore.datedKey(now));
        JsonNode dated = read(S3AuditReportStore.datedKey(now));
        JsonNode latest = read(S3AuditReportStore.LATEST);
        assertThat(latest).isEqualTo(dated);
        assertThat(dated.path("high").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(dated.path("regions").get(0).path("databases")).extracting(d -> d.path("identifier").asText())
                .containsExactlyInAnyOrder("billing-prod", "orders-prod", "payments-prod");
        assertThat(S3AuditReportStore.datedKey(now)).startsWith("audit/").doesNotStartWith("reports/");

        JsonNode metrics = JSON.readTree(stdout.toString(StandardCharsets.UTF_8).strip());
        assertThat(metrics.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo("RestoreDrill");
        assertThat(metrics.path("_aws").path("Timestamp").asLong()).isEqualTo(now.toEpochMilli());
        assertThat(metrics.path(EmfAuditMetrics.AT_HIGH).asLong()).isEqualTo(2);
        assertThat(metrics.path(EmfAuditMetrics.DATABASES).asLong()).isEqualTo(3);
        assertThat(metrics.path(EmfAuditMetrics.AT_MEDIUM).asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReportThatCannotBeKeptFailsTheJobAndPublishesNothing() {
        account.productionInstance("billing-prod", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s3.deleteBucket(r -> r.bucket(BUCKET));

        assertThatThrownBy(() -> nightly(now).run()).isInstanceOf(ReportNotStoredException.class)
                .hasMessageContaining("s3://" + BUCKET + "/audit/").hasMessageContaining("NoSuchBucket");
        // No metric without a report: the alarm would point at nothing.
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private NightlyAudit nightly(Instant now) {
        return new NightlyAudit(() -> List.of(new AccountAudit(new RdsDatabaseInventory(account.rds()),
                Optional.empty(), AuditPolicy.defaults(), Clock.fixed(now, ZoneOffset.UTC)).run()),
                new S3AuditReportStore(s3, BUCKET),
                new EmfAuditMetrics(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    }

    private JsonNode read(String key) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String());
    }
}
