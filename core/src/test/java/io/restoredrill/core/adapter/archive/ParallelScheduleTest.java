package io.restoredrill.core.adapter.archive;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelScheduleTest {

    private final Map<Integer, TocEntry> all = new LinkedHashMap<>();

    private TocEntry entry(int id, String desc, String tag, Integer... deps) {
        TocEntry e = new TocEntry(id, false, tag, desc, Section.POST_DATA, "SELECT 1;", "", "", Optional.of("s"),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(deps), Optional.empty(), false,
                Optional.empty());
        all.put(id, e);
        return e;
    }

    private List<Integer> startable(ParallelSchedule schedule) {
        List<Integer> started = new ArrayList<>();
        for (Optional<TocEntry> e = schedule.next(); e.isPresent(); e = schedule.next()) {
            started.add(e.get().dumpId());
        }
        return started;
    }

    @Test
    void buildsIndexesOfOneTableTogetherButAddsItsConstraintsAlone() {
        entry(1, "TABLE", "orders");
        entry(2, "TABLE", "customers");
        TocEntry pk = entry(10, "CONSTRAINT", "orders_pkey", 1);
        TocEntry idx1 = entry(11, "INDEX", "orders_a", 1);
        TocEntry idx2 = entry(12, "INDEX", "orders_b", 1);
        TocEntry other = entry(13, "CONSTRAINT", "customers_pkey", 2);
        ParallelSchedule schedule = new ParallelSchedule(List.of(pk, idx1, idx2, other), all);

        assertThat(startable(schedule)).containsExactly(10, 13);
        schedule.done(pk);
        assertThat(startable(schedule)).containsExactly(11, 12);
    }

    @Test
    void startsAnEntryOnlyAfterWhatItDependsOnInTheBatch() {
        entry(1, "TABLE", "orders");
        entry(2, "TABLE", "customers");
        TocEntry pk = entry(10, "CONSTRAINT", "customers_pkey", 2);
        TocEntry fk = entry(11, "FK CONSTRAINT", "orders_customer_fkey", 1, 10);
        ParallelSchedule schedule = new ParallelSchedule(List.of(pk, fk), all);

        assertThat(startable(schedule)).containsExactly(10);
        schedule.done(pk);
        assertThat(startable(schedule)).containsExactly(11);
        schedule.done(fk);
        assertThat(schedule.finished()).isTrue();
    }

    @Test
    void addsOneForeignKeyAtATimeSinceTwoInOppositeDirectionsWouldDeadlock() {
        entry(1, "TABLE", "a");
        entry(2, "TABLE", "b");
        TocEntry ab = entry(10, "FK CONSTRAINT", "a_b_fkey", 1);
        TocEntry ba = entry(11, "FK CONSTRAINT", "b_a_fkey", 2);
        ParallelSchedule schedule = new ParallelSchedule(List.of(ab, ba), all);

        assertThat(startable(schedule)).containsExactly(10);
        schedule.done(ab);
        assertThat(startable(schedule)).containsExactly(11);
    }
}
