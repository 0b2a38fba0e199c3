package io.restoredrill.core.adapter.archive;

/** The section of a TOC entry ({@code teSection} in pg_backup.h): the order a restore goes through them. */
public enum Section {
    NONE, PRE_DATA, DATA, POST_DATA;

    static Section of(long code) {
        return switch ((int) code) {
            case 2 -> PRE_DATA;
            case 3 -> DATA;
            case 4 -> POST_DATA;
            default -> NONE;
        };
    }
}
