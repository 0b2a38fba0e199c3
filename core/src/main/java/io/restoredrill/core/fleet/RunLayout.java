package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ObjectLocation;

import java.time.Instant;

/**
 * Where a night's documents live in the reports bucket, under {@code runs/<execution name>/}: the items
 * ({@code drills.json}), the Map's results ({@code results/}) and the summary ({@code summary.json}).
 *
 * <p>The execution name comes from Step Functions, which allows 1 to 80 characters and none of whitespace,
 * {@code < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /}, control characters (U+0000-001F, U+007F-009F) or
 * U+FFFE-FFFF (Step Functions API Reference,
 * StartExecution, "name": https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 * The name is checked here again, because it becomes part of S3 keys: no {@code /} can move a night's documents
 * outside its folder, and the longest key stays far below S3's 1,024 bytes (Amazon S3 User Guide, "Naming Amazon S3
 * objects": https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
 */
public final class RunLayout {

    public static final String RUNS = "runs";
    /** The drills' reports' prefix in the bucket (the AWS path's REPORTS_PREFIX). */
    public static final String REPORTS = "reports";
    static final int MAX_EXECUTION_NAME = 80;
    private static final String FORBIDDEN = " <>{}[]?*\"#%\\^|~`$&,;:/";

    private final String bucket;

    public RunLayout(String bucket) {
        if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("not a bucket name: \"" + bucket + "\"");
        }
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    public ObjectLocation items(String execution) {
        return new ObjectLocation(bucket, folder(execution) + "drills.json");
    }

    /** The prefix the Map's ResultWriter writes under (it adds a folder of its own per Map Run). */
    public String resultsPrefix(String execution) {
        return folder(execution) + "results";
    }

    public ObjectLocation summary(String execution) {
        return new ObjectLocation(bucket, folder(execution) + "summary.json");
    }

    /** Where the history finds this night's alarm test: beside the drills' reports ({@link AlarmTest#path}). */
    public ObjectLocation alarmTest(String execution, Instant at) {
        return new ObjectLocation(bucket, REPORTS + "/" + AlarmTest.path(at, checkExecutionName(execution)));
    }

    private static String folder(String execution) {
        checkExecutionName(execution);
        return RUNS + "/" + execution + "/";
    }

    /**
     * @throws InvalidConfigurationException when the name is not one Step Functions gives an execution
     */
    public static String checkExecutionName(String execution) {
        if (execution == null || execution.isEmpty() || execution.length() > MAX_EXECUTION_NAME) {
            throw new InvalidConfigurationException("the execution name must be 1 to " + MAX_EXECUTION_NAME
                    + " characters (Step Functions' rule), found " + (execution == null ? "none"
                    : execution.length() + ": \"" + execution + "\""));
        }
        for (int i = 0; i < execution.length(); i++) {
            char c = execution.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0 || Character.isWhitespace(c) || c <= 0x1f || (c >= 0x7f && c <= 0x9f)
                    || c == 0xfffe || c == 0xffff) {
                throw new InvalidConfigurationException("the execution name \"" + execution + "\" holds '" + c
                        + "', which Step Functions does not allow in a name (and which would move the night's"
                        + " documents outside runs/<name>/)");
            }
        }
        if (execution.equals(".") || execution.equals("..")) {
            throw new InvalidConfigurationException("the execution name \"" + execution + "\" is not a folder name");
        }
        return execution;
    }
}
