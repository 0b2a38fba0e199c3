package io.restoredrill.core.port;

import io.restoredrill.core.domain.BackupVault;

import java.util.List;

/** AWS Backup as the account audit reads it: which vaults hold a database's recovery points. Read-only. */
public interface BackupVaults {

    /** The vaults holding recovery points of this resource (an RDS instance or cluster ARN); empty when none. */
    List<BackupVault> holding(String resourceArn);
}
