package io.restoredrill.core.testing;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

import static org.assertj.core.api.Assertions.assertThat;

class MotoServerSmokeTest {

    @Test
    void servesTheRdsApi() {
        MotoServer.reset();
        try (RdsClient rds = MotoServer.configure(RdsClient.builder()).httpClientBuilder(MotoServer.httpClient()).build()) {
            rds.createDBInstance(r -> r.dbInstanceIdentifier("smoke").engine("postgres").dbInstanceClass("db.t4g.micro")
                    .masterUsername("app").masterUserPassword("not-a-secret-1").allocatedStorage(20));
            assertThat(rds.describeDBInstances().dbInstances()).extracting(i -> i.dbInstanceIdentifier()).containsExactly("smoke");
        }
    }
}
