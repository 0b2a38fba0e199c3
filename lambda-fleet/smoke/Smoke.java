import io.restoredrill.lambda.fleet.PlanHandler;
import io.restoredrill.lambda.fleet.SummarizeHandler;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import java.io.*;
import java.net.URI;

public class Smoke {
    public static void main(String[] args) throws Exception {
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_S3")))
            .forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket("drill-reports"));
        s3.createBucket(r -> r.bucket("assets"));
        String spec = "{\"name\": \"orders\", \"source\": {\"rdsSnapshot\": {\"dbInstanceIdentifier\": \"orders-prod\"}}, \"target\": {\"rds\": {\"instanceClass\": \"db.t4g.medium\"}}}";
        s3.putObject(r -> r.bucket("assets").key("drills.json"), RequestBody.fromString("{\"drills\": [" + spec + "]}"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PlanHandler().handleRequest(new ByteArrayInputStream("{\"execution\": {\"name\": \"smoke-1\"}}".getBytes()), out, null);
        System.out.println("PLAN " + out);
        String prefix = "runs/smoke-1/results/mr/";
        String child = "{\"ExecutionArn\":\"arn:child\",\"Input\":\"{\\\"state\\\":{\\\"drill\\\":{\\\"name\\\":\\\"orders\\\"},\\\"executionId\\\":\\\"arn:child\\\"}}\",\"Status\":\"FAILED\",\"Error\":\"States.Timeout\",\"Cause\":\"late\"}";
        s3.putObject(r -> r.bucket("drill-reports").key(prefix + "FAILED_0.json"), RequestBody.fromString("[" + child + "]"));
        s3.putObject(r -> r.bucket("drill-reports").key(prefix + "manifest.json"), RequestBody.fromString(
            "{\"DestinationBucket\":\"drill-reports\",\"MapRunArn\":\"arn:mr\",\"ResultFiles\":{\"FAILED\":[{\"Key\":\"" + prefix + "FAILED_0.json\",\"Size\":1}],\"PENDING\":[],\"SUCCEEDED\":[]}}"));
        String plan = out.toString();
        out.reset();
        new SummarizeHandler().handleRequest(new ByteArrayInputStream(("{\"plan\": " + plan + ", \"map\": {\"MapRunArn\": \"arn:mr\", \"ResultWriterDetails\": {\"Bucket\": \"drill-reports\", \"Key\": \"" + prefix + "manifest.json\"}}, \"execution\": {\"name\": \"smoke-1\"}}").getBytes()), out, null);
        System.out.println("SUMMARY " + out);
        try {
            new PlanHandler().handleRequest(new ByteArrayInputStream("{\"only\": [\"nope\"], \"execution\": {\"name\": \"smoke-2\"}}".getBytes()), new ByteArrayOutputStream(), null);
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e.getClass().getName() + " frames=" + e.getStackTrace().length);
        }
    }
}
