package io.restoredrill.core.aws;

import java.util.Objects;

/**
 * The values that fill the call manifest's placeholders: {@code ${Partition}}, {@code ${Region}},
 * {@code ${Account}}, {@code ${ReportsBucket}}, and the deployed drill list's {@code ${DrillListBucket}} and
 * {@code ${DrillListKey}} (the plan function reads it; the stack knows it from its asset, a deployed stack from the
 * plan function's {@code DRILL_LIST_BUCKET} and {@code DRILL_LIST_KEY}).
 */
public record Placeholders(String partition, String region, String account, String reportsBucket,
                           String drillListBucket, String drillListKey) {

    public Placeholders {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(drillListBucket, "drillListBucket");
        Objects.requireNonNull(drillListKey, "drillListKey");
    }

    String fill(String text) {
        return text.replace("${Partition}", partition).replace("${Region}", region).replace("${Account}", account)
                .replace("${ReportsBucket}", reportsBucket).replace("${DrillListBucket}", drillListBucket)
                .replace("${DrillListKey}", drillListKey);
    }
}
