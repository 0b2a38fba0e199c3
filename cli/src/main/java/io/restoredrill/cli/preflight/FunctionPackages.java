package io.restoredrill.cli.preflight;

import java.util.Optional;

/** The deployment packages of Lambda functions, as deployed. */
public interface FunctionPackages {

    /** @return the entry's text, or empty when the package has no such entry */
    Optional<String> textEntry(String functionName, String entryName);
}
