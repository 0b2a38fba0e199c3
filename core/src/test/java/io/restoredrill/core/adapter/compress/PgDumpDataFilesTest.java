package io.restoredrill.core.adapter.compress;

import io.restoredrill.core.testing.DumpFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "pg_dump {0} -Fc -Z gzip")
    @ValueSource(ints = {15, 16, 17, 18})
    void decodesTheZlibDataBlockOfACustomArchive(int major) throws IOException {
        // A custom archive's data block: type 1 (data), the dump id, then length-prefixed chunks of one zlib stream;
        // pg_dump's integers are a sign byte and 4 bytes, least significant first. The first zlib header (78 9c,
        // zlib's default level) after the TOC starts the first table's only chunk (these tables are small).
        byte[] archive = Files.readAllBytes(DumpFixtures.file(major, "shop.custom-gzip.dump"));
        int zlib = indexOf(archive, new byte[] {0x78, (byte) 0x9c});
        assertThat(archive[zlib - 11]).as("block type before the first zlib stream").isEqualTo((byte) 1);
        int dumpId = (archive[zlib - 9] & 0xff) | (archive[zlib - 8] & 0xff) << 8 | (archive[zlib - 7] & 0xff) << 16
                | (archive[zlib - 6] & 0xff) << 24;
        Path expected = DumpFixtures.file(major, "shop.dir-none/" + dumpId + ".dat");
        InputStream block = new java.io.ByteArrayInputStream(archive, zlib, archive.length - zlib);

        try (InputStream in = Decompression.decoding(block, Codec.ZLIB, "data block " + dumpId)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(expected));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no zlib stream in the archive");
    }

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
