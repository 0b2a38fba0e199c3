package io.restoredrill.core.domain;

/**
 * The restored server holds several databases that could be the user's, and the drill spec names none: the drill
 * cannot tell which one to prove. A finding about the restored data, reported as a FAILED verdict.
 */
public class AmbiguousDatabaseException extends DrillException {

    public AmbiguousDatabaseException(String message) {
        super(message);
    }
}
