package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * A backup kept somewhere else than its database: a snapshot copied to another region, or to another account (a
 * backup account), found there.
 *
 * @param backup       the copy, of type {@link AccountBackup.Type#COPY}; its {@code database} is the source
 *                     database's identifier (RDS keeps it on copies)
 * @param sourceRegion the region the copy was made from, where its database is
 * @param place        where the copy is, for people: e.g. {@code account 111122223333 in eu-west-1}
 */
public record BackupCopy(AccountBackup backup, String sourceRegion, String place) {

    public BackupCopy {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(sourceRegion, "sourceRegion");
        Objects.requireNonNull(place, "place");
        if (backup.type() != AccountBackup.Type.COPY) {
            throw new IllegalArgumentException("a backup copy has type COPY, not " + backup.type());
        }
    }
}
