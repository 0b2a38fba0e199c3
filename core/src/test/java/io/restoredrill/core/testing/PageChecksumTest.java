package io.restoredrill.core.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PageChecksumTest {

    /**
     * The first three blocks of a B-tree index written by PostgreSQL 15.18 on a cluster made with
     * {@code initdb --data-checksums}: the checksums PostgreSQL itself computed.
     */
    private static byte[] pagesWithChecksums() throws IOException {
        try (InputStream in = PageChecksumTest.class.getResourceAsStream("/pages/btree-index-with-checksums.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void computesTheChecksumsPostgresqlWrote() throws IOException {
        byte[] file = pagesWithChecksums();

        for (int block = 0; block < 3; block++) {
            assertThat(PageChecksum.of(file, block * PageChecksum.PAGE, block)).as("block %d", block)
                    .isEqualTo(PageChecksum.stored(file, block * PageChecksum.PAGE));
        }
    }

    @Test
    void aChangedPageGetsAValidChecksumAgain() throws IOException {
        byte[] file = pagesWithChecksums();
        short before = PageChecksum.stored(file, PageChecksum.PAGE);
        file[PageChecksum.PAGE + 4000] ^= 0x5A;

        assertThat(PageChecksum.of(file, PageChecksum.PAGE, 1)).isNotEqualTo(before);
        PageChecksum.update(file, PageChecksum.PAGE, 1);
        assertThat(PageChecksum.stored(file, PageChecksum.PAGE)).isEqualTo(PageChecksum.of(file, PageChecksum.PAGE, 1));
    }
}
