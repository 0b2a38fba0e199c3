package io.restoredrill.core.adapter.compress;

import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.testing.CompressionPrograms;
import io.restoredrill.core.testing.DumpFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecompressionTest {

    /** Each codec's program and the options that make it write several blocks or frames of a large input. */
    private static final Map<Codec, List<String>> PROGRAMS = Map.of(
            Codec.GZIP, List.of("gzip", "-6"),
            Codec.ZSTD, List.of("zstd", "-q", "-3", "-T2", "--no-progress"),
            // -BD: linked blocks (each block may refer back into the previous one), -B4: 64 KB blocks, -BX: block
            // checksums; pg_dump -Z lz4 writes linked blocks too.
            Codec.LZ4, List.of("lz4", "-q", "-BD", "-B4", "-BX"),
            Codec.BZIP2, List.of("bzip2", "-1"),
            Codec.XZ, List.of("xz", "-3", "-T2", "--block-size=262144"));

    @TempDir
    static Path dir;
    static Path large;
    static byte[] largeBytes;

    @BeforeAll
    static void writeLargeScript() throws IOException {
        // Large enough for many blocks of every codec (bzip2 -1: 100 kB, lz4 -B4: 64 kB, xz: 256 kB blocks).
        large = dir.resolve("large.sql");
        try (Writer out = Files.newBufferedWriter(large)) {
            out.write("COPY public.t (id, label) FROM stdin;\n");
            for (int i = 0; i < 120_000; i++) {
                out.write(i + "\tlabel " + Integer.toHexString(i * 7919) + " " + (i % 977) + "\n");
            }
            out.write("\\.\n");
        }
        largeBytes = Files.readAllBytes(large);
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"NONE", "ZLIB"}, mode = EnumSource.Mode.EXCLUDE)
    void decodesWhatEachCodecsOwnProgramWroteForTheFixtureDump(Codec codec) throws IOException {
        Path plain = DumpFixtures.file(15, "shop.sql");
        Path compressed = DumpFixtures.file(15, "shop.sql" + codec.fileSuffix());

        assertThat(decodePlain(compressed, codec)).isEqualTo(Files.readAllBytes(plain));
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"NONE", "ZLIB"}, mode = EnumSource.Mode.EXCLUDE)
    void decodesALargeStreamOfManyBlocks(Codec codec) throws IOException {
        Path compressed = compress(large, codec, "large");

        assertThat(decodePlain(compressed, codec)).isEqualTo(largeBytes);
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"NONE", "ZLIB"}, mode = EnumSource.Mode.EXCLUDE)
    void decodesStreamsWrittenOneAfterAnother(Codec codec) throws IOException {
        Path first = compress(large, codec, "first");
        Path second = compress(DumpFixtures.file(15, "shop.sql"), codec, "second");
        Path both = CompressionPrograms.concatenate(dir.resolve("both.sql" + codec.fileSuffix()), first, second);

        byte[] expected = concat(largeBytes, Files.readAllBytes(DumpFixtures.file(15, "shop.sql")));
        assertThat(decodePlain(both, codec)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"NONE", "ZLIB"}, mode = EnumSource.Mode.EXCLUDE)
    void failsNamingFileAndCodecWhenTheStreamIsCutShort(Codec codec) throws IOException {
        byte[] whole = Files.readAllBytes(compress(large, codec, "whole"));
        Path cut = Files.write(dir.resolve("cut.sql" + codec.fileSuffix()), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> decodePlain(cut, codec))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(cut + " is truncated or corrupt: its " + codec.displayName()
                        + " data cannot be decoded after ");
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"NONE", "ZLIB"}, mode = EnumSource.Mode.EXCLUDE)
    void failsNamingFileAndCodecWhenTheDataIsCorrupt(Codec codec) throws IOException {
        byte[] bytes = Files.readAllBytes(compress(large, codec, "tobreak"));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.sql" + codec.fileSuffix()), bytes);

        // Every one of these formats carries a checksum (the programs write one by default), so corruption that
        // still decodes to something is caught at the latest at the end of its block or stream.
        assertThatThrownBy(() -> decodePlain(corrupt, codec))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(corrupt + " is truncated or corrupt: its " + codec.displayName() + " data");
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"NONE", "ZLIB"}, mode = EnumSource.Mode.EXCLUDE)
    void decodesAFileNamedPlainSqlThatIsCompressed(Codec codec) throws IOException {
        Path misnamed = Files.copy(DumpFixtures.file(15, "shop.sql" + codec.fileSuffix()),
                dir.resolve("misnamed-" + codec + ".sql"));

        assertThat(decodePlain(misnamed, Codec.NONE)).isEqualTo(Files.readAllBytes(DumpFixtures.file(15, "shop.sql")));
    }

    @Test
    void failsWhenTheNameAnnouncesACodecTheContentIsNot() throws IOException {
        Path gzipNamedZstd = Files.copy(DumpFixtures.file(15, "shop.sql.gz"), dir.resolve("really-gzip.sql.zst"));
        Path plainNamedXz = Files.copy(DumpFixtures.file(15, "shop.sql"), dir.resolve("really-plain.sql.xz"));

        assertThatThrownBy(() -> decodePlain(gzipNamedZstd, Codec.ZSTD))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessage(gzipNamedZstd + " is not zstd-compressed, though its name ends in .zst: its content is"
                        + " gzip-compressed (rename it to end in .gz, or to .sql to have the content decide)");
        assertThatThrownBy(() -> decodePlain(plainNamedXz, Codec.XZ))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessage(plainNamedXz + " is not xz-compressed, though its name ends in .xz: its first bytes are"
                        + " 2d 2d 0a 2d 2d 20");
    }

    @Test
    void refusesTheLegacyLz4FormatByName() throws IOException {
        Path legacy = compressWith(large, dir.resolve("legacy.sql.lz4"), "lz4", "-q", "-l");

        assertThatThrownBy(() -> decodePlain(legacy, Codec.LZ4))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(legacy + " is compressed in the legacy lz4 format (lz4 -l)");
    }

    @Test
    void passesOnAFailureToReadTheInputItselfUnchanged() throws IOException {
        byte[] zstd = Files.readAllBytes(compress(large, Codec.ZSTD, "network"));
        IOException reset = new IOException("Connection reset");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(zstd)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > zstd.length / 3) {
                    throw reset;
                }
                int n = super.read(b, off, Math.min(len, 4096));
                served += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> Decompression.plainScript(failing, Codec.ZSTD, "s3://b/x.sql.zst").readAllBytes())
                .isSameAs(reset);
    }

    @Test
    void decodesArchiveDataWhoseCodecIsKnownWithoutLookingAtItsName() throws IOException {
        byte[] lz4 = Files.readAllBytes(compress(large, Codec.LZ4, "block"));

        try (InputStream in = Decompression.decoding(new ByteArrayInputStream(lz4), Codec.LZ4, "TOC entry 3361")) {
            assertThat(in.readAllBytes()).isEqualTo(largeBytes);
        }
        assertThatThrownBy(() -> Decompression.decoding(new ByteArrayInputStream(largeBytes), Codec.ZSTD,
                "TOC entry 3361 in x.dump").readAllBytes())
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageStartingWith("TOC entry 3361 in x.dump is truncated or corrupt: its zstd data cannot be"
                        + " decoded after 0 uncompressed bytes");
    }

    private static byte[] decodePlain(Path file, Codec named) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream decoded = Decompression.plainScript(raw, named, file.toString())) {
            return decoded.readAllBytes();
        }
    }

    private static Path compress(Path input, Codec codec, String name) {
        List<String> program = PROGRAMS.get(codec);
        return compressWith(input, dir.resolve(name + ".sql" + codec.fileSuffix()), program.get(0),
                program.subList(1, program.size()).toArray(String[]::new));
    }

    private static Path compressWith(Path input, Path output, String program, String... options) {
        return CompressionPrograms.compress(input, output, program, options);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
