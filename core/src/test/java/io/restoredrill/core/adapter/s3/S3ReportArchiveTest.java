package io.restoredrill.core.adapter.s3;

import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.StoredReport;
import io.restoredrill.core.port.ReportArchive;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.ObjectLocation;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.fleet.RunLayout;
import io.restoredrill.core.testing.MotoServer;
import io.restoredrill.core.testing.SyntheticHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto's S3, with reports stored by {@link S3ReportStore} itself. */
class S3ReportArchiveTest {

    private static final String BUCKET = "drill-reports";
    private static final Instant LAST_NIGHT = Instant.parse("2026-11-30T03:00:00Z");
    private static final List<ListObjectsV2Request> listings = new CopyOnWriteArrayList<>();
    private static S3Client s3;

    @BeforeAll
    static void startClient() {
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof ListObjectsV2Request list) {
                            listings.add(list);
                        }
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
        listings.clear();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    private static void store(List<DrillReport> reports) {
        S3ReportStore store = new S3ReportStore(s3, BUCKET, "reports");
        reports.forEach(r -> store.store(r, "arn:aws:states:eu-west-1:123456789012:execution:sm:" + r.drillId()));
    }

    @Test
    void readsEveryReportPageByPageAndSkipsTheBaselineCopies() {
        store(SyntheticHistory.reports(2, 4, LAST_NIGHT)); // 8 dated reports and up to 2 latest.json copies
        s3.putObject(r -> r.bucket(BUCKET).key("reports/db-000/in-progress/nightly-1.json"),
                RequestBody.fromString("{\"rounds\": 1}")); // validate's work file between rounds: no report

        ReportArchive.Listing listing = new S3ReportArchive(s3, BUCKET, "reports", 3)
                .list(Optional.empty(), Instant.EPOCH);

        assertThat(listing.reports()).hasSize(8);
        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.reports()).extracting(StoredReport::location)
                .contains("s3://drill-reports/reports/db-001/2026/11/29/run-1-2.json");
        // ListObjectsV2 gives at most MaxKeys keys a page; the next page is asked for with the continuation token.
        assertThat(listings).hasSizeGreaterThan(3);
        assertThat(listings).allSatisfy(l -> {
            assertThat(l.prefix()).isEqualTo("reports/");
            assertThat(l.maxKeys()).isEqualTo(3);
        });
        assertThat(listings.subList(1, listings.size())).allSatisfy(l -> assertThat(l.continuationToken()).isNotBlank());
    }

    @Test
    void anAlarmTestRecordedByTheNightsSummaryIsListedAsAnAlarmTestNotAsAReport() {
        store(SyntheticHistory.reports(1, 2, LAST_NIGHT));
        Instant at = LAST_NIGHT.plusSeconds(7 * 3600);
        AlarmTest.Record record = new AlarmTest.Record("alarm-test-20261130", at, Verdict.FAILED, AlarmTest.REASON);
        ObjectLocation where = new RunLayout(BUCKET).alarmTest(record.execution(), at);
        new S3NightRuns(s3).storeAlarmTest(where, record);

        ReportArchive.Listing listing = new S3ReportArchive(s3, BUCKET, "reports").list(Optional.empty(), Instant.EPOCH);

        assertThat(where.key()).isEqualTo("reports/_alarm-tests/2026/11/30/alarm-test-20261130.json");
        assertThat(listing.alarmTests()).containsExactly(record);
        assertThat(listing.reports()).hasSize(2);
        assertThat(listing.unreadable()).isEmpty();
        // A period that starts after it leaves it out; one drill's listing never holds alarm tests.
        assertThat(new S3ReportArchive(s3, BUCKET, "reports").list(Optional.empty(), at.plusSeconds(86_400))
                .alarmTests()).isEmpty();
        assertThat(new S3ReportArchive(s3, BUCKET, "reports").list(Optional.of("db-000"), Instant.EPOCH)
                .alarmTests()).isEmpty();
    }

    @Test
    void listsOnlyTheDrillsPrefixAndTheDaysOfThePeriod() {
        store(SyntheticHistory.reports(2, 4, LAST_NIGHT));

        ReportArchive.Listing listing = new S3ReportArchive(s3, BUCKET, "reports/")
                .list(Optional.of("db-000"), Instant.parse("2026-11-29T00:00:00Z"));

        assertThat(listing.reports()).extracting(r -> r.report().drillId()).containsExactlyInAnyOrder("run-0-2",
                "run-0-3");
        assertThat(listings).singleElement().satisfies(l -> assertThat(l.prefix()).isEqualTo("reports/db-000/"));
    }

    @Test
    void listsAnObjectThatIsNoReportAsUnreadable() {
        store(SyntheticHistory.reports(1, 2, LAST_NIGHT));
        s3.putObject(r -> r.bucket(BUCKET).key("reports/db-000/2026/11/30/broken.json"), RequestBody.fromString("{\"drillId\": "));

        ReportArchive.Listing listing = new S3ReportArchive(s3, BUCKET, "reports").list(Optional.empty(),
                Instant.EPOCH);

        assertThat(listing.reports()).hasSize(2);
        assertThat(listing.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.location()).isEqualTo("s3://drill-reports/reports/db-000/2026/11/30/broken.json");
            assertThat(u.reason()).contains("not valid JSON");
        });
    }

    @Test
    void refusesABucketThatDoesNotExistNamingIt() {
        assertThatThrownBy(() -> new S3ReportArchive(s3, "no-such-bucket", "reports").list(Optional.empty(),
                Instant.EPOCH))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("s3://no-such-bucket/reports/")
                .hasMessageContaining("NoSuchBucket");
    }
}
