package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackupFormatTest {

    @Test
    void recognisesEveryCompressedPlainDumpByItsEnding() {
        assertThat(BackupFormat.ofFileName("shop-2026-12-01.sql")).contains(BackupFormat.PLAIN_SQL);
        assertThat(BackupFormat.ofFileName("shop-2026-12-01.sql.gz")).contains(BackupFormat.GZIP_SQL);
        assertThat(BackupFormat.ofFileName("shop-2026-12-01.sql.zst")).contains(BackupFormat.ZSTD_SQL);
        assertThat(BackupFormat.ofFileName("shop-2026-12-01.sql.lz4")).contains(BackupFormat.LZ4_SQL);
        assertThat(BackupFormat.ofFileName("shop-2026-12-01.sql.bz2")).contains(BackupFormat.BZIP2_SQL);
        assertThat(BackupFormat.ofFileName("SHOP-2026-12-01.SQL.XZ")).contains(BackupFormat.XZ_SQL);
        assertThat(BackupFormat.ofFileName("shop-2026-12-01.dump")).contains(BackupFormat.CUSTOM);
    }

    @Test
    void takesNoOtherCompressionEndingForABackup() {
        assertThat(BackupFormat.ofFileName("shop.sql.zip")).isEmpty();
        assertThat(BackupFormat.ofFileName("shop.zst")).isEmpty();
        assertThat(BackupFormat.ofFileName("shop.sql.zst.part")).isEmpty();
    }

    @Test
    void keepsTheNamesThatReportsAlreadyCarry() {
        // Reports written before the compressed formats existed name these; a baseline must still read them.
        assertThat(BackupFormat.valueOf("PLAIN_SQL").suffix()).isEqualTo(".sql");
        assertThat(BackupFormat.valueOf("GZIP_SQL").suffix()).isEqualTo(".sql.gz");
        assertThat(BackupFormat.valueOf("CUSTOM").suffix()).isEqualTo(".dump");
    }

    @Test
    void countsEveryCompressionOfAPlainScriptAsPlainSql() {
        assertThat(BackupFormat.values()).filteredOn(BackupFormat::isPlainSql).containsExactly(
                BackupFormat.PLAIN_SQL, BackupFormat.GZIP_SQL, BackupFormat.ZSTD_SQL, BackupFormat.LZ4_SQL,
                BackupFormat.BZIP2_SQL, BackupFormat.XZ_SQL);
        assertThat(BackupFormat.CUSTOM.isPlainSql()).isFalse();
    }
}
