package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.Objects;
import java.util.Optional;

/**
 * The drill spec a state document carries, parsed where the document is read (the Lambda edge). An invalid spec is
 * kept with the reason it was refused rather than failing the read, so that cleanup can still run: the restore step
 * refuses the same spec before it creates anything.
 */
public sealed interface DrillInput permits DrillInput.Valid, DrillInput.Invalid {

    /**
     * The spec.
     *
     * @throws InvalidConfigurationException when it is invalid, naming what is wrong
     */
    DrillSpec spec();

    /** The spec, when it is valid. */
    Optional<DrillSpec> valid();

    static DrillInput of(DrillSpec spec) {
        return new Valid(spec);
    }

    record Valid(DrillSpec spec) implements DrillInput {
        public Valid {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public Optional<DrillSpec> valid() {
            return Optional.of(spec);
        }
    }

    record Invalid(InvalidConfigurationException reason) implements DrillInput {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public DrillSpec spec() {
            throw reason;
        }

        @Override
        public Optional<DrillSpec> valid() {
            return Optional.empty();
        }
    }
}
