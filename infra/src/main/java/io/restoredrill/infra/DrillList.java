package io.restoredrill.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deployed drill list: one JSON document {@code {"drills": [<drill spec as JSON>, ...]}}, a CDK file Asset that
 * {@code cdk deploy} uploads to the bootstrap bucket under a content-addressed key (no custom resource). The plan
 * function reads it ({@code DRILL_LIST_BUCKET}, {@code DRILL_LIST_KEY}), the nightly schedule names it. The stack's
 * subnet group is not in it (a token at synth): the plan fills {@code target.rds.dbSubnetGroupName} from its
 * {@code DEFAULT_DB_SUBNET_GROUP} where a spec leaves it out. Its size has no limit of its own: neither an
 * EventBridge input (8,192 characters) nor an execution input (256 KiB) carries it.
 */
final class DrillList extends Construct {

    private final Asset asset;
    private final ObjectNode document;

    DrillList(Construct scope, String id, DrillFleet fleet) {
        super(scope, id);
        ObjectMapper json = new ObjectMapper();
        document = json.createObjectNode();
        ArrayNode drills = document.putArray("drills");
        fleet.drills().forEach(drill -> drills.add(drill.document()));
        try {
            Path dir = Files.createTempDirectory("restore-drill-drill-list");
            Path file = dir.resolve("drill-list.json");
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
            Files.write(file, bytes);
            asset = Asset.Builder.create(this, "DrillListAsset").path(file.toString()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drill list", e);
        }
    }

    String bucket() {
        return asset.getS3BucketName();
    }

    String key() {
        return asset.getS3ObjectKey();
    }

    /** The object's ARN, for the plan function's s3:GetObject. */
    String objectArn(String partition) {
        return "arn:" + partition + ":s3:::" + bucket() + "/" + key();
    }

    /** The document as deployed. */
    ObjectNode document() {
        return document.deepCopy();
    }
}
