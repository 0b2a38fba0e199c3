package io.restoredrill.core.adapter.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackupTimestampsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            orders-2026-11-25.sql.gz                 | 2026-11-25T00:00:00Z
            orders-2026-11-25T030000Z.dump           | 2026-11-25T03:00:00Z
            orders-2026-11-25T03:00:00Z.sql          | 2026-11-25T03:00:00Z
            orders-2026-11-25T03:00:00.sql           | 2026-11-25T03:00:00Z
            orders-2026-11-25t03:00:00z.sql          | 2026-11-25T03:00:00Z
            orders_2026-11-25_03-00-00.sql           | 2026-11-25T03:00:00Z
            orders-20261125.sql                      | 2026-11-25T00:00:00Z
            orders-20261125T030000Z.sql              | 2026-11-25T03:00:00Z
            orders-20261125-030000.sql               | 2026-11-25T03:00:00Z
            orders-20261125030000.sql                | 2026-11-25T03:00:00Z
            orders-20261125-0315.sql                 | 2026-11-25T03:15:00Z
            orders 2026-11-25 03:15:07.sql           | 2026-11-25T03:15:07Z
            orders_2026_11_25.sql                    | 2026-11-25T00:00:00Z
            orders.2026.11.25.sql                    | 2026-11-25T00:00:00Z
            2026-11-25T03:00:00+01:00.sql            | 2026-11-25T02:00:00Z
            orders-2026-11-25T03:00:00-05:00.dump    | 2026-11-25T08:00:00Z
            orders-20261125T030000+0530.sql          | 2026-11-24T21:30:00Z
            orders-2026-11-25T03:00:00.123Z.sql      | 2026-11-25T03:00:00.123Z
            orders-2026-11-25T03:00:00,5.sql         | 2026-11-25T03:00:00.5Z
            orders-2026-11-25T03:00:00.123456789Z.sql| 2026-11-25T03:00:00.123456789Z
            orders-2026-11-25T03:00:00.5+01:00.sql   | 2026-11-25T02:00:00.5Z
            2026-11-25.sql                           | 2026-11-25T00:00:00Z
            db2-orders-2026-02-28.sql                | 2026-02-28T00:00:00Z
            orders-2028-02-29.sql                    | 2028-02-29T00:00:00Z
            copy-of-2026-11-20-taken-2026-11-25.sql  | 2026-11-25T00:00:00Z
            orders-2026-11-24-to-20261125T0400Z.sql  | 2026-11-25T04:00:00Z
            orders-2026-11-25-2026-11-26.sql         | 2026-11-26T00:00:00Z
            orders-20261125-20261126.sql             | 2026-11-26T00:00:00Z
            orders-2026-11-25-2026-13-45.sql         | 2026-11-25T00:00:00Z
            orders-2026-11-25-1.sql                  | 2026-11-25T00:00:00Z
            orders-2026-11-25-03.sql                 | 2026-11-25T00:00:00Z
            orders-2026-11-25-9999.sql               | 2026-11-25T00:00:00Z
            orders-2026-11-25T03:00:00+25:00.sql     | 2026-11-25T00:00:00Z
            /var/backups/2026-11-25/orders.sql       | 2026-11-25T00:00:00Z
            """)
    void readsTheTimestampAName(String name, Instant expected) {
        assertThat(BackupTimestamps.fromFileName(name)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "orders.sql",
            "db2-backup-7.sql",
            "orders-123456.sql",
            "orders-261125.sql",
            "orders-2026-13-45.sql",
            "orders-2026-02-30.sql",
            "orders-2027-02-29.sql",
            "orders-20261345.sql",
            "orders-2026-1125.sql",
            "orders-202611251.sql",
            "orders-120261125.sql",
            "orders-18991231.sql",
            "orders-2026-11.sql",
            "v1.2.3-orders.dump",
            ""})
    void findsNoTimestampWhereThereIsNone(String name) {
        assertThat(BackupTimestamps.fromFileName(name)).isEmpty();
    }

    @Test
    void aDateAloneIsTheStartOfThatDayInUtc() {
        assertThat(BackupTimestamps.fromFileName("orders-2026-11-25.sql.gz"))
                .contains(Instant.parse("2026-11-25T00:00:00Z"));
    }
}
