package io.restoredrill.core.adapter.rds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restoredrill.core.testing.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.rds.RdsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A stand-in for the RDS Query API (the JDK's HTTP server; WireMock 3.13's Jetty 11 cannot share the core's test
 * classpath with s3proxy's Jetty 12), for what moto cannot produce: shared and AWS Backup snapshots, instances
 * stuck in creating or failed. Responses are the XML RDS sends; requests can be read back as their form fields.
 */
public final class RdsQueryApiStub implements AutoCloseable {

    public static final String BACKUP_ACCOUNT = "210987654321";
    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

    private record Response(int status, String body) {
    }

    private record Rule(Predicate<Map<String, String>> matches, Response response) {
    }

    /** Newest first: a later, more specific answer wins over the defaults. */
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public RdsQueryApiStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
        // Anything not stubbed: an empty list, so a test names only the answers it is about.
        rules.add(new Rule(action("DescribeDBSnapshots"), ok("DescribeDBSnapshots", "<DBSnapshots/>")));
        rules.add(new Rule(action("DescribeDBInstances"), error(404, "DBInstanceNotFound", "DBInstance not found.")));
    }

    public RdsClient client() {
        return RdsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(MotoServer.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(MotoServer.httpClient())
                .build();
    }

    /** Answers DescribeDBSnapshots for one SnapshotType with these {@code <DBSnapshot>} elements. */
    public void snapshots(String snapshotType, String... dbSnapshotXml) {
        rules.add(0, new Rule(action("DescribeDBSnapshots").and(f -> snapshotType.equals(f.get("SnapshotType"))),
                ok("DescribeDBSnapshots", "<DBSnapshots>" + String.join("", dbSnapshotXml) + "</DBSnapshots>")));
    }

    /** Answers DescribeDBInstances for this identifier. */
    public void instance(String identifier, String dbInstanceXml) {
        rules.add(0, new Rule(action("DescribeDBInstances").and(f -> identifier.equals(f.get("DBInstanceIdentifier"))),
                ok("DescribeDBInstances", "<DBInstances>" + dbInstanceXml + "</DBInstances>")));
    }

    /** Answers an action with this result body (inside {@code <ActionResult>}). */
    public void answer(String action, String resultXml) {
        rules.add(0, new Rule(action(action), ok(action, resultXml)));
    }

    /** Answers an action with this result body when the request's form fields satisfy {@code when} (e.g. a page's Marker). */
    public void answer(String action, Predicate<Map<String, String>> when, String resultXml) {
        rules.add(0, new Rule(action(action).and(when), ok(action, resultXml)));
    }

    public void fail(String action, int status, String code, String message) {
        rules.add(0, new Rule(action(action), error(status, code, message)));
    }

    /** Every request of one action, as its decoded form fields. */
    public List<Map<String, String>> requests(String action) {
        return received.stream().filter(f -> action.equals(f.get("Action"))).toList();
    }

    public static String snapshot(String identifier, String arn, String type, Instant created, String status,
                                  String instance, String kmsKeyId) {
        return "<DBSnapshot><DBSnapshotIdentifier>" + identifier + "</DBSnapshotIdentifier>"
                + "<DBInstanceIdentifier>" + instance + "</DBInstanceIdentifier>"
                + "<SnapshotCreateTime>" + created + "</SnapshotCreateTime><Engine>postgres</Engine>"
                + "<EngineVersion>15.5</EngineVersion><Status>" + status + "</Status>"
                + "<SnapshotType>" + type + "</SnapshotType>"
                + (kmsKeyId == null ? "<Encrypted>false</Encrypted>"
                        : "<Encrypted>true</Encrypted><KmsKeyId>" + kmsKeyId + "</KmsKeyId>")
                + "<DBSnapshotArn>" + arn + "</DBSnapshotArn></DBSnapshot>";
    }

    public static String instance(String identifier, String status, Map<String, String> tags) {
        return instance(identifier, status, tags, "active");
    }

    /** @param secretStatus the managed secret's SecretStatus; null for an instance without a managed secret */
    public static String instance(String identifier, String status, Map<String, String> tags, String secretStatus) {
        return "<DBInstance><DBInstanceIdentifier>" + identifier + "</DBInstanceIdentifier>"
                + "<DBInstanceArn>arn:aws:rds:us-east-1:" + MotoServer.ACCOUNT + ":db:" + identifier + "</DBInstanceArn>"
                + "<DBInstanceStatus>" + status + "</DBInstanceStatus><Engine>postgres</Engine>"
                + "<MasterUsername>drill</MasterUsername><DeletionProtection>false</DeletionProtection>"
                + "<BackupRetentionPeriod>0</BackupRetentionPeriod>"
                + (secretStatus == null ? "" : "<MasterUserSecret><SecretArn>arn:aws:secretsmanager:us-east-1:"
                        + MotoServer.ACCOUNT + ":secret:rds!db-" + identifier + "</SecretArn><SecretStatus>" + secretStatus
                        + "</SecretStatus></MasterUserSecret>")
                + (status.equals("available") ? "<Endpoint><Address>" + identifier
                        + ".abc.us-east-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>" : "")
                + "<TagList>" + tags.entrySet().stream().map(t -> "<Tag><Key>" + t.getKey() + "</Key><Value>"
                        + t.getValue() + "</Value></Tag>").collect(Collectors.joining()) + "</TagList>"
                + "</DBInstance>";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(form);
            Response response = rules.stream().filter(r -> r.matches().test(form)).findFirst()
                    .map(Rule::response)
                    .orElse(error(400, "InvalidAction", "not stubbed: " + form.get("Action")));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(response.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Predicate<Map<String, String>> action(String action) {
        return form -> action.equals(form.get("Action"));
    }

    private static Response ok(String action, String result) {
        return new Response(200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</"
                        + action + "Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></"
                        + action + "Response>");
    }

    private static Response error(int status, String code, String message) {
        return new Response(status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                        + "<Message>" + message + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>");
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
