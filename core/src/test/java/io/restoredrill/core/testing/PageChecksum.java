package io.restoredrill.core.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * PostgreSQL's data page checksum ({@code pg_checksum_page} in {@code src/include/storage/checksum_impl.h}), so a
 * test that damages a page on purpose can give it a valid checksum again: the damage then reaches amcheck, as
 * silent corruption does, instead of failing the server's page verification. Pages are little-endian here.
 */
public final class PageChecksum {

    public static final int PAGE = 8192;
    /** Where {@code pd_checksum} sits in the page header. */
    private static final int CHECKSUM_OFFSET = 8;
    private static final int N_SUMS = 32;
    private static final int FNV_PRIME = 16777619;
    private static final int[] BASE_OFFSETS = {
            0x5B1F36E9, 0xB8525960, 0x02AB50AA, 0x1DE66D2A, 0x79FF467A, 0x9BB9F8A3, 0x217E7CD2, 0x83E13D2C,
            0xF8D4474F, 0xE39EB970, 0x42C6AE16, 0x993216FA, 0x7B093B5D, 0x98DAFF3C, 0xF718902A, 0x0B1C9CDB,
            0xE58F764B, 0x187636BC, 0x5D7B3BB1, 0xE73DE7DE, 0x92BEC979, 0xCCA6C0B2, 0x304A0979, 0x85AA43D4,
            0x783125BB, 0x6CA8EAA2, 0xE407EAC6, 0x4B5CFC3E, 0x9FBF8C76, 0x15CA20BE, 0xF2CA9FD3, 0x959BD756};

    private PageChecksum() {
    }

    /** The checksum the page at {@code offset} of {@code file} should carry as block {@code block}. */
    public static short of(byte[] file, int offset, int block) {
        ByteBuffer page = ByteBuffer.wrap(file, offset, PAGE).slice().order(ByteOrder.LITTLE_ENDIAN);
        int[] sums = BASE_OFFSETS.clone();
        for (int i = 0; i < PAGE / (4 * N_SUMS); i++) {
            for (int j = 0; j < N_SUMS; j++) {
                int at = (i * N_SUMS + j) * 4;
                // The checksum is computed with pd_checksum taken as zero.
                int value = at == CHECKSUM_OFFSET - (CHECKSUM_OFFSET % 4)
                        ? page.getInt(at) & 0xFFFF0000 : page.getInt(at);
                sums[j] = mix(sums[j], value);
            }
        }
        for (int round = 0; round < 2; round++) {
            for (int j = 0; j < N_SUMS; j++) {
                sums[j] = mix(sums[j], 0);
            }
        }
        int result = 0;
        for (int sum : sums) {
            result ^= sum;
        }
        result ^= block;
        return (short) (Integer.remainderUnsigned(result, 65535) + 1);
    }

    /** Sets the checksum of the page at {@code offset} of {@code file}, block {@code block}. */
    public static void update(byte[] file, int offset, int block) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putShort(offset + CHECKSUM_OFFSET, of(file, offset, block));
    }

    /** The checksum the page at {@code offset} carries. */
    public static short stored(byte[] file, int offset) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getShort(offset + CHECKSUM_OFFSET);
    }

    private static int mix(int checksum, int value) {
        int tmp = checksum ^ value;
        return tmp * FNV_PRIME ^ (tmp >>> 17);
    }
}
