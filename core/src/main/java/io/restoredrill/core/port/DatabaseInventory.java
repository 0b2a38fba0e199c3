package io.restoredrill.core.port;

import io.restoredrill.core.domain.AccountBackup;
import io.restoredrill.core.domain.AccountDatabase;

import java.util.List;

/** The databases of one account and region, and the backups that account can see of them. Read-only. */
public interface DatabaseInventory {

    /** Where it looks, for people: e.g. {@code RDS in eu-west-1}. */
    String describe();

    /** Every DB instance (outside an Aurora cluster) and every Aurora DB cluster, page by page to the end. */
    List<AccountDatabase> databases();

    /**
     * Every snapshot the account can see: its own manual, automated and AWS Backup snapshots and those other
     * accounts shared with it; of instances and of clusters.
     */
    List<AccountBackup> backups();
}
