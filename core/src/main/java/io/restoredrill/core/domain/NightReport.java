package io.restoredrill.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Every drill's verdict of one night, in the order the night planned them. */
public record NightReport(String execution, Optional<String> mapRunArn, List<DrillVerdict> verdicts) {

    public NightReport {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(mapRunArn, "mapRunArn");
        verdicts = List.copyOf(verdicts);
    }

    public long passed() {
        return verdicts.stream().filter(DrillVerdict::passed).count();
    }

    public long failed() {
        return verdicts.size() - passed();
    }

    public long orphaned() {
        return verdicts.stream().filter(DrillVerdict::orphaned).count();
    }
}
