package io.restoredrill.core.adapter.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreTrend;
import io.restoredrill.core.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto's S3. */
class S3RestoreTrendStoreTest {

    private static final String BUCKET = "drill-reports";
    private static S3Client s3;

    private final S3RestoreTrendStore store = new S3RestoreTrendStore(s3, BUCKET, "reports");

    @BeforeAll
    static void startClient() {
        s3 = MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .forcePathStyle(true).build();
    }

    @AfterAll
    static void closeClient() {
        s3.close();
    }

    @BeforeEach
    void freshBucket() {
        MotoServer.reset();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @Test
    void aDrillWithoutATrendObjectHasNoTrendYet() {
        assertThat(store.load("orders")).isEmpty();
    }

    @Test
    void keepsTheWindowAsOneJsonObjectBesideTheDrillsReports() throws Exception {
        store.save("orders", new RestoreTrend(List.of(400.0, 412.5)));

        List<String> keys = s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
        assertThat(keys).containsExactly("reports/orders/trend.json");
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(BUCKET)
                .key("reports/orders/trend.json"));
        assertThat(object.response().contentType()).isEqualTo("application/json");
        assertThat(new ObjectMapper().readTree(object.asUtf8String()).toString())
                .isEqualTo("{\"drill\":\"orders\",\"restoreSeconds\":[400.0,412.5]}");
        assertThat(store.load("orders")).hasValue(new RestoreTrend(List.of(400.0, 412.5)));
        assertThat(store.load("billing")).as("another drill's window is its own").isEmpty();
    }

    @Test
    void savingReplacesTheWindow() {
        store.save("orders", new RestoreTrend(List.of(400.0)));
        store.save("orders", new RestoreTrend(List.of(400.0, 500.0)));

        assertThat(store.load("orders").orElseThrow().restoreSeconds()).containsExactly(400.0, 500.0);
    }

    @Test
    void anObjectWhoseKeyOnlyStartsWithTheTrendsIsNotTheTrend() {
        // The list asks for exactly the trend's key: a prefix match such as trend.json.bak is not it.
        s3.putObject(r -> r.bucket(BUCKET).key("reports/orders/trend.json.bak"), RequestBody.fromString("{}"));

        assertThat(store.load("orders")).isEmpty();
    }

    @Test
    void aTrendObjectThatIsNotOneNamesItselfAndTheFix() {
        s3.putObject(r -> r.bucket(BUCKET).key("reports/orders/trend.json"),
                RequestBody.fromString("{\"restoreSeconds\":[400,\"slow\"]}"));

        assertThatThrownBy(() -> store.load("orders")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("s3://drill-reports/reports/orders/trend.json is not a restore-time trend")
                .hasMessageContaining("delete it");
    }

    @Test
    void aBucketThatCannotBeReadFailsNamingTheObject() {
        S3RestoreTrendStore elsewhere = new S3RestoreTrendStore(s3, "no-such-bucket", "reports");

        assertThatThrownBy(() -> elsewhere.load("orders")).isInstanceOf(ReportNotStoredException.class)
                .hasMessageContaining("s3://no-such-bucket/reports/orders/trend.json");
    }
}
