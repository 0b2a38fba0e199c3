import io.restoredrill.lambda.fleet.AuditHandler;
import software.amazon.awssdk.services.s3.S3Client;
import java.io.*;
import java.net.URI;

/** The shaded jar's audit function against moto: RDS, S3, and STS for the backup account's role. */
public class AuditSmoke {
    public static void main(String[] args) throws Exception {
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL")))
            .forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket("audit-reports"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AuditHandler().handleRequest(new ByteArrayInputStream("{\"id\": \"smoke\"}".getBytes()), out, null);
        System.out.println("AUDIT " + out);
        System.out.println("LATEST " + s3.getObjectAsBytes(r -> r.bucket("audit-reports").key("audit/latest.json"))
            .asUtf8String().replaceAll("\\s+", " "));
    }
}
