package io.restoredrill.core.adapter.s3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One reading of a prefix for every store, so that what one writes another finds. */
class S3PrefixTest {

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(value = {
        "reports|reports/", "reports/|reports/", "/reports|reports/", "//reports//|reports/", " reports |reports/",
        "a/b|a/b/", "/a/b/|a/b/", "''|''", "/|''", "'  '|''", "///|''"}, delimiter = '|')
    void aPrefixNamesOneFolder(String prefix, String folder) {
        assertThat(S3Prefix.folder(prefix)).isEqualTo(folder);
    }
}
