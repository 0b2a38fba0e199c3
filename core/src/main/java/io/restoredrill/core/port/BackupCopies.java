package io.restoredrill.core.port;

import io.restoredrill.core.domain.BackupCopy;

import java.util.List;

/**
 * Copies of databases' snapshots kept in one other place (another region of the account, or a backup account),
 * which the source account's own snapshot lists cannot show. Read-only.
 */
public interface BackupCopies {

    /** Where it looks, for people: e.g. {@code account 111122223333 in eu-west-1 (role arn:aws:iam::...)}. */
    String describe();

    /** Every copy found there, of any database of any region. */
    List<BackupCopy> copies();
}
