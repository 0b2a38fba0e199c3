package io.restoredrill.core.adapter.compress;

import io.restoredrill.core.testing.DumpFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pg_dump's own compressed output, decoded by the codecs the archive reader uses: every data file of a compressed
 * directory archive ({@code pg_dump -Fd -Z lz4|zstd|gzip}) decodes to the bytes of the same file in the uncompressed
 * archive of the same database and major (pg_dump 16+ writes lz4 as LZ4 frames with linked blocks, zstd as a
 * streamed frame).
 */
class PgDumpDataFilesTest {

    @ParameterizedTest(name = "pg_dump {0} -Fd -Z {1}")
    @CsvSource({"16, LZ4", "16, ZSTD", "17, LZ4", "17, ZSTD", "18, LZ4", "18, ZSTD", "18, GZIP", "15, GZIP"})
    void decodesEveryDataFileOfACompressedDirectoryArchive(int major, Codec codec) throws IOException {
        Path compressed = DumpFixtures.file(major, "shop.dir-" + codec.displayName() + "/");
        Path plain = DumpFixtures.file(major, "shop.dir-none/");
        List<Path> dataFiles;
        try (Stream<Path> files = Files.list(compressed)) {
            dataFiles = files.filter(f -> f.getFileName().toString().endsWith(".dat" + codec.fileSuffix())).toList();
        }
        assertThat(dataFiles).hasSizeGreaterThanOrEqualTo(9);

        for (Path file : dataFiles) {
            String name = file.getFileName().toString();
            Path uncompressed = plain.resolve(name.substring(0, name.length() - codec.fileSuffix().length()));
            try (InputStream in = Decompression.decoding(Files.newInputStream(file), codec, file.toString())) {
                assertThat(in.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(uncompressed));
            }
        }
    }
}
