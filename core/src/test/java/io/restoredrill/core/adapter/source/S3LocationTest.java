package io.restoredrill.core.adapter.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3LocationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            s3://backups/nightly/         | backups | nightly/
            s3://backups/nightly          | backups | nightly
            s3://backups/db/orders/2026/  | backups | db/orders/2026/
            s3://backups/                 | backups | ''
            s3://backups                  | backups | ''
            s3://my.bucket-1/with space/  | my.bucket-1 | with space/
            """)
    void readsBucketAndPrefixAndWritesThemBack(String text, String bucket, String prefix) {
        S3Location location = S3Location.parse(text);

        assertThat(location).isEqualTo(new S3Location(bucket, prefix));
        assertThat(S3Location.parse(location.toString())).isEqualTo(location);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"backups/nightly/", "https://backups/nightly/", "S3://backups/", "s3:/backups/",
            "s3://", "s3:///nightly/", "s3:// /nightly/", ""})
    void rejectsWhatIsNotAnS3LocationWithABucket(String text) {
        assertThatThrownBy(() -> S3Location.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("s3://bucket/prefix/");
    }

    @Test
    void locatesAnObjectByItsWholeKey() {
        assertThat(new S3Location("backups", "nightly/").uriOf("nightly/2026/x.sql"))
                .isEqualTo("s3://backups/nightly/2026/x.sql");
    }
}
