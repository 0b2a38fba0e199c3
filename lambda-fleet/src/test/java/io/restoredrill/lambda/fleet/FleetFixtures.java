package io.restoredrill.lambda.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.testing.MotoServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** What the fleet handlers' tests share: the moto S3 client, the buckets, drill specs and the handlers' I/O. */
final class FleetFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REPORTS = "drill-reports";
    static final String ASSETS = "cdk-assets-123456789012-us-east-1";
    static final String LIST_KEY = "5f3a9c1e2b7d4a6f8e0c1d2b3a4f5e6d.json";
    static final String EXECUTION = "nightly-2026-12-01";

    /**
     * The RDS quota answer the API Reference documents (DescribeAccountAttributes, sample response:
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeAccountAttributes.html).
     */
    static String quotas(int instancesUsed, int instancesMax) {
        return "<AccountQuotas>"
                + "<AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName><Used>" + instancesUsed + "</Used><Max>"
                + instancesMax + "</Max></AccountQuota>"
                + "<AccountQuota><AccountQuotaName>AllocatedStorage</AccountQuotaName><Used>3500</Used>"
                + "<Max>100000</Max></AccountQuota>"
                + "<AccountQuota><AccountQuotaName>DBSecurityGroups</AccountQuotaName><Used>1</Used><Max>25</Max>"
                + "</AccountQuota></AccountQuotas>";
    }

    private FleetFixtures() {
    }

    static S3Client s3(SentRequests sent) {
        return MotoServer.configure(S3Client.builder()).httpClientBuilder(MotoServer.httpClient())
                .overrideConfiguration(c -> c.addExecutionInterceptor(sent)).forcePathStyle(true).build();
    }

    static String spec(String name) {
        return """
                {"name": "%s", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "%s-prod"}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium"}},
                 "checks": [{"name": "rows", "sql": "SELECT count(*) FROM orders", "expect": ">= 1"}]}"""
                .formatted(name, name);
    }

    static void putDrillList(S3Client s3, List<String> specs) {
        put(s3, ASSETS, LIST_KEY, "{\"drills\": [" + String.join(",", specs) + "]}");
    }

    static void put(S3Client s3, String bucket, String key, String body) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    static JsonNode get(S3Client s3, String bucket, String key) {
        try {
            return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String event(String name) {
        try (InputStream in = FleetFixtures.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface StreamHandler {
        void handle(InputStream in, ByteArrayOutputStream out);
    }

    static String invoke(StreamHandler handler, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handle(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<String> keys(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).collect(Collectors.toList());
    }
}
