package io.restoredrill.core.domain;

/**
 * RDS cannot restore a DB instance from a snapshot that is both shared from another account and encrypted (RDS
 * User Guide, "Sharing a DB snapshot"): it must first be copied into this account with a KMS key of this account.
 * The drill does that copy itself when the spec allows it ({@code source.rdsSnapshot.copyShared.kmsKeyId}).
 */
public class SnapshotNeedsCopyException extends BackupUnusableException {

    public SnapshotNeedsCopyException(String message) {
        super(message);
    }

    /** The refusal of a shared encrypted snapshot when the drill spec does not allow the copy. */
    public static SnapshotNeedsCopyException sharedAndEncrypted(SnapshotRef snapshot) {
        return new SnapshotNeedsCopyException("snapshot " + snapshot.arn() + " is shared from account "
                + snapshot.ownerAccount().orElse("(unknown)") + " and encrypted (KMS key "
                + snapshot.kmsKeyId().orElse("(unknown)") + "), and RDS cannot restore a shared encrypted snapshot"
                + " directly: it must be copied into this account with a KMS key of this account first"
                + " (CopyDBSnapshot). To let the drill make that copy (a temporary snapshot it deletes afterwards), set"
                + " source.rdsSnapshot.copyShared: { kmsKeyId: <key ARN of this account> } in the drill spec; the"
                + " backup account must also allow this account to use the snapshot's KMS key. By hand: aws rds"
                + " copy-db-snapshot --source-db-snapshot-identifier " + snapshot.arn()
                + " --target-db-snapshot-identifier <name> --kms-key-id <key ARN of this account>");
    }

    /** The same refusal for a shared encrypted Aurora cluster snapshot (the copy is CopyDBClusterSnapshot). */
    public static SnapshotNeedsCopyException sharedAndEncryptedCluster(SnapshotRef snapshot) {
        return new SnapshotNeedsCopyException("cluster snapshot " + snapshot.arn() + " is shared from account "
                + snapshot.ownerAccount().orElse("(unknown)") + " and encrypted (KMS key "
                + snapshot.kmsKeyId().orElse("(unknown)") + "); the drill restores such a snapshot from a copy in this"
                + " account, encrypted with a key of this account (CopyDBClusterSnapshot). To let the drill make that"
                + " copy (a temporary cluster snapshot it deletes afterwards), set source.auroraCluster.copyShared:"
                + " { kmsKeyId: <key ARN of this account> } in the drill spec; the backup account must also allow this"
                + " account to use the snapshot's KMS key");
    }
}
