package io.restoredrill.cli.preflight.aws;

import io.restoredrill.cli.preflight.KeyDescriptions;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

import java.util.Objects;
import java.util.Optional;

/**
 * kms:DescribeKey (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html). KeyId takes a key id,
 * key ARN, alias name or alias ARN; a key of another account must be named by its key ARN or alias ARN, which is what
 * RDS reports as a snapshot's KmsKeyId. KeyState tells Enabled from Disabled, PendingDeletion, ...; a key that does
 * not exist is NotFoundException. A cross-account key whose key policy does not admit this account is refused with
 * AccessDeniedException, which is reported as an error of the check (it names the key policy as the cause).
 */
public final class KmsKeyDescriptions implements KeyDescriptions {

    private final KmsClient kms;

    public KmsKeyDescriptions(KmsClient kms) {
        this.kms = Objects.requireNonNull(kms, "kms");
    }

    @Override
    public Optional<KeyState> describe(String keyId) {
        try {
            KeyMetadata key = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
            return Optional.of(new KeyState(key.arn(), key.keyStateAsString()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
