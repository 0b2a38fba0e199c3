package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.BaselineAcceptance;
import io.restoredrill.core.domain.BaselineRefusedException;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.TableShrinkage;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code baseline accept} on the AWS path, against moto's S3, with the requests sent recorded: ListObjectsV2 under
 * the drill's folder, GetObject of the execution's report, PutObject of latest.json.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
 */
class S3BaselineAcceptanceTest {

    private static final String BUCKET = "drill-reports";
    private static final String SHRUNK_NIGHT = "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-27";
    private static final String BROKEN_NIGHT = "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-28";
    private static final BaselineAcceptance ACCEPTANCE = new BaselineAcceptance("ops", Instant.parse(
            "2026-11-27T09:00:00Z"), "purged orders before 2025 (CHG-42)", "s3://drill-reports/...");
    private static final List<SdkRequest> sent = new CopyOnWriteArrayList<>();
    private static S3Client s3;

    @BeforeAll
    static void startClient() {
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient()).forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        sent.add(context.request());
                    }
                })).build();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @BeforeEach
    void reportsOfThreeNights() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(BUCKET));
        S3ReportStore store = new S3ReportStore(s3, BUCKET, "reports");
        store.store(report("nightly-26", Verdict.PASSED, Optional.empty(), 100, Instant.parse("2026-11-26T03:00:00Z"),
                List.of()), "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nightly-26");
        store.store(report(SHRUNK_NIGHT, Verdict.FAILED, Optional.of("public.orders shrank from 100 to 60 rows"
                        + " (-40.0%) since the last passing drill (s3://drill-reports/reports/orders/latest.json)"), 60,
                Instant.parse("2026-11-27T03:00:00Z"), List.of(new TableShrinkage("public.orders", 100,
                        Optional.of(60L), 0.4))), SHRUNK_NIGHT);
        store.store(new DrillReport(BROKEN_NIGHT, "orders", Verdict.FAILED, Optional.of("dump orders.sql is truncated"),
                "s3://backups/orders/", Optional.of(new DrillReport.BackupSummary("s3://backups/orders/o.sql", "o.sql",
                10, Instant.parse("2026-11-28T02:00:00Z"), io.restoredrill.core.domain.BackupRef.TimestampSource.FILE_NAME,
                io.restoredrill.core.domain.BackupFormat.PLAIN_SQL, 1)), Optional.empty(),
                Instant.parse("2026-11-28T03:00:00Z"), new DrillReport.Timings(1, 0, 1), Optional.empty(), List.of(),
                List.of(), List.of()), BROKEN_NIGHT);
        sent.clear();
    }

    private static DrillReport report(String id, Verdict verdict, Optional<String> failure, long orders,
                                      Instant startedAt, List<TableShrinkage> shrinkage) {
        return new DrillReport(id, "orders", verdict, failure, "RDS snapshot s (manual) of orders-prod",
                Optional.empty(), Optional.of("RDS instance x"), startedAt, new DrillReport.Timings(1000, 200, 1500),
                Optional.empty(), List.of(), List.of(new TableRowCount("public", "orders", orders)), shrinkage);
    }

    @Test
    void findsTheExecutionsReportByListingTheDrillsFolderThenReadsIt() {
        S3BaselineAcceptance.StoredReport found = new S3BaselineAcceptance(s3)
                .find(BUCKET, "reports", "orders", SHRUNK_NIGHT);

        assertThat(found.location()).isEqualTo("s3://drill-reports/reports/orders/2026/11/27/nightly-27.json");
        assertThat(found.report().tables()).containsExactly(new TableRowCount("public", "orders", 60));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isInstanceOfSatisfying(ListObjectsV2Request.class, list -> {
            assertThat(list.bucket()).isEqualTo(BUCKET);
            assertThat(list.prefix()).isEqualTo("reports/orders/");
        });
        assertThat(sent.get(1)).isInstanceOfSatisfying(GetObjectRequest.class,
                get -> assertThat(get.key()).isEqualTo("reports/orders/2026/11/27/nightly-27.json"));
    }

    @Test
    void acceptingAShrunkReportReplacesLatestJsonWithTheReportAndItsAcceptance() throws Exception {
        S3BaselineAcceptance acceptance = new S3BaselineAcceptance(s3);
        S3BaselineAcceptance.StoredReport found = acceptance.find(BUCKET, "reports", "orders", SHRUNK_NIGHT);
        sent.clear();

        String location = acceptance.accept(found, "reports", ACCEPTANCE);

        assertThat(location).isEqualTo("s3://drill-reports/reports/orders/latest.json");
        assertThat(sent).singleElement().isInstanceOfSatisfying(PutObjectRequest.class, put -> {
            assertThat(put.key()).isEqualTo("reports/orders/latest.json");
            assertThat(put.contentType()).isEqualTo("application/json");
        });
        JsonNode latest = new ObjectMapper().readTree(s3.getObjectAsBytes(r -> r.bucket(BUCKET)
                .key("reports/orders/latest.json")).asUtf8String());
        assertThat(latest.get("drillId").asText()).isEqualTo(SHRUNK_NIGHT);
        assertThat(latest.at("/acceptance/reason").asText()).isEqualTo("purged orders before 2025 (CHG-42)");
        Baseline baseline = new S3ReportStore(s3, BUCKET, "reports").latestBaseline("orders").orElseThrow();
        assertThat(baseline.rowsByTable()).containsEntry("public.orders", 60L);
        assertThat(baseline.acceptance()).contains(ACCEPTANCE);
    }

    @Test
    void aReportWhoseRestoreDidNotCompleteIsRefusedAndTheBaselineStaysAsItWas() throws Exception {
        S3BaselineAcceptance acceptance = new S3BaselineAcceptance(s3);
        S3BaselineAcceptance.StoredReport broken = acceptance.find(BUCKET, "reports", "orders", BROKEN_NIGHT);
        String before = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("reports/orders/latest.json")).asUtf8String();
        sent.clear();

        assertThatThrownBy(() -> acceptance.accept(broken, "reports", ACCEPTANCE))
                .isInstanceOf(BaselineRefusedException.class)
                .hasMessageContaining("report s3://drill-reports/reports/orders/2026/11/28/nightly-28.json")
                .hasMessageContaining("its restore did not complete");
        assertThat(sent).isEmpty();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("reports/orders/latest.json")).asUtf8String())
                .isEqualTo(before);
    }

    @Test
    void anUnknownExecutionIsNamedWithWhereItLooked() {
        assertThatThrownBy(() -> new S3BaselineAcceptance(s3).find(BUCKET, "reports", "orders", "nightly-99"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("no report of execution nightly-99 under s3://drill-reports/reports/orders/"
                        + " (looked for <yyyy>/<MM>/<dd>/nightly-99.json)");
    }

    @Test
    void aMissingReportObjectIsNamed() {
        assertThatThrownBy(() -> new S3BaselineAcceptance(s3).read(BUCKET, "reports/orders/2026/11/30/x.json"))
                .hasMessage("report s3://drill-reports/reports/orders/2026/11/30/x.json does not exist");
    }
}
