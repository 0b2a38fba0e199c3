package io.restoredrill.lambda.fleet;

import io.restoredrill.core.adapter.config.JsonDrillSpecReader;
import io.restoredrill.core.adapter.rds.RdsAccountQuotas;
import io.restoredrill.core.adapter.s3.S3ReportStore;
import io.restoredrill.core.adapter.s3.S3RestoreTrendStore;
import io.restoredrill.core.adapter.rds.RdsClients;
import io.restoredrill.core.adapter.s3.S3DrillListSource;
import io.restoredrill.core.adapter.s3.S3NightRuns;
import io.restoredrill.core.adapter.source.S3Clients;
import io.restoredrill.core.fleet.FleetSettings;
import io.restoredrill.core.fleet.PlanNight;
import io.restoredrill.core.fleet.RunLayout;
import io.restoredrill.core.fleet.SummarizeNight;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Optional;

/**
 * Builds the plan and summarize use cases over their adapters, once per Lambda INIT: the configuration (fails fast,
 * naming a missing variable), the SDK clients, the adapters. The one place of this module that reads the
 * environment.
 */
public final class FleetWiring {

    private FleetWiring() {
    }

    public static PlanNight planFromEnvironment() {
        FleetConfig config = FleetConfig.fromEnvironment();
        return plan(config, S3Clients.fromEnvironment(), RdsClients.fromEnvironment());
    }

    public static SummarizeNight summarizeFromEnvironment() {
        return summarize(S3Clients.fromEnvironment());
    }

    /** The plan over given clients: the runtime's wiring and the tests share it. */
    public static PlanNight plan(FleetConfig config, S3Client s3, RdsClient rds) {
        return new PlanNight(new S3DrillListSource(s3), new JsonDrillSpecReader(config.defaultSubnetGroup()),
                new S3NightRuns(s3), new RdsAccountQuotas(rds), new RunLayout(config.reportsBucket()),
                new FleetSettings(config.maxConcurrency(), config.drillList()),
                Optional.of(new S3RestoreTrendStore(s3, config.reportsBucket(), S3ReportStore.DEFAULT_PREFIX)));
    }

    /** The summary over a given client. It needs no configuration: the plan in its input names every document. */
    public static SummarizeNight summarize(S3Client s3) {
        return new SummarizeNight(new S3NightRuns(s3));
    }
}
