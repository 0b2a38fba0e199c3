package io.restoredrill.core.adapter.archive;


import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What restoring an archive runs, and in which order, with the rules of restore-drill's plain loader (and of
 * {@code pg_restore --no-owner --no-privileges --no-tablespaces}): no ownership (owners are never set), no
 * privileges ({@code ACL}, {@code DEFAULT ACL} entries), nothing about the database as a whole ({@code DATABASE},
 * {@code DATABASE PROPERTIES}, comments and labels on the database), everything into the target database.
 *
 * <p>The order is pg_restore's: session settings as {@code _doSetFixedOutputState} sets them, the pre-data
 * entries in TOC order (pg_dump sorts them so that dependencies come first), the data section's SQL entries
 * (sequence values, and from pg_dump 17 the {@code BLOB METADATA} that creates the large objects), the table data and
 * large objects, post-data (indexes, constraints, triggers), and last what pg_restore keeps for after
 * the ACLs: materialized view data and event triggers (a refresh may need every index and the data of every table).
 *
 * @param sessionSetup statements every restoring connection runs first
 * @param preData      schema entries, in order
 * @param data         entries whose data is loaded (TABLE DATA, BLOBS)
 * @param dataSql      data-section entries that are SQL only (SEQUENCE SET, BLOB METADATA), before the data
 * @param postData     indexes, constraints, triggers, rules, in order
 * @param last         materialized view data and event triggers
 * @param skipped      entries not restored, by the rules above
 */
public record RestorePlan(List<String> sessionSetup, List<TocEntry> preData, List<TocEntry> data,
                          List<TocEntry> dataSql, List<TocEntry> postData, List<TocEntry> last,
                          List<TocEntry> skipped) {

    private static final Set<String> PRIVILEGES = Set.of("ACL", "ACL LANGUAGE", "DEFAULT ACL");
    private static final Set<String> DATABASE_LEVEL = Set.of("DATABASE", "DATABASE PROPERTIES");
    private static final Set<String> SETTINGS = Set.of("ENCODING", "STDSTRINGS", "SEARCHPATH");
    private static final Set<String> AFTER_EVERYTHING = Set.of("MATERIALIZED VIEW DATA", "EVENT TRIGGER");
    private static final Pattern CREATE_SCHEMA_PUBLIC = Pattern.compile("(?i)\\s*CREATE\\s+SCHEMA\\s+public\\s*;\\s*");

    public RestorePlan {
        sessionSetup = List.copyOf(sessionSetup);
        preData = List.copyOf(preData);
        data = List.copyOf(data);
        dataSql = List.copyOf(dataSql);
        postData = List.copyOf(postData);
        last = List.copyOf(last);
        skipped = List.copyOf(skipped);
    }

    /** The plan of an archive whose TOC was read (and its text decoded in the dump's encoding). */
    public static RestorePlan of(ArchiveToc toc, String archiveName) {
        List<String> setup = new ArrayList<>(List.of(
                "SET statement_timeout = 0", "SET lock_timeout = 0", "SET idle_in_transaction_session_timeout = 0"));
        Optional<String> searchPath = Optional.empty();
        List<TocEntry> pre = new ArrayList<>();
        List<TocEntry> data = new ArrayList<>();
        List<TocEntry> dataSql = new ArrayList<>();
        List<TocEntry> post = new ArrayList<>();
        List<TocEntry> last = new ArrayList<>();
        List<TocEntry> skipped = new ArrayList<>();
        Set<Integer> lastIds = new HashSet<>();
        for (TocEntry e : toc.entries()) {
            String desc = e.desc();
            if (SETTINGS.contains(desc)) {
                switch (desc) {
                    // The connection stays UTF-8: the TOC's text is decoded already, and COPY data says its
                    // encoding (ArchiveToc#encoding) instead of a SET client_encoding the JDBC driver refuses.
                    case "ENCODING" -> { }
                    case "STDSTRINGS" -> setup.add(e.defn().strip());
                    default -> searchPath = Optional.of(e.defn().strip());
                }
            } else if (isSkipped(e)) {
                skipped.add(e);
            } else if (AFTER_EVERYTHING.contains(desc) || (isCommentLike(desc)
                    && e.dependencies().stream().anyMatch(lastIds::contains))) {
                last.add(e);
                lastIds.add(e.dumpId());
            } else if (e.section() == Section.DATA) {
                if (e.hasData() && (desc.equals("TABLE DATA") || e.isLargeObjects())) {
                    data.add(e);
                } else if (!e.defn().isBlank()) {
                    dataSql.add(e);
                }
            } else if (e.section() == Section.POST_DATA) {
                post.add(e);
            } else {
                pre.add(e);
            }
        }
        // Archives from pg_dump 10.3 on set an empty search_path and qualify every name; older ones relied on it.
        setup.add(searchPath.orElse("SET search_path = public, pg_catalog"));
        setup.addAll(List.of("SET check_function_bodies = false", "SET xmloption = content",
                "SET client_min_messages = warning", "SET row_security = off",
                // Tablespaces are the production server's layout; the temporary server has only its default one.
                "SET default_tablespace = ''"));
        return new RestorePlan(setup, pre, data, dataSql, post, last, skipped);
    }

    /**
     * The SQL to run for an entry. A {@code BLOB METADATA} entry lists large objects to create, one oid per line.
     * {@code CREATE SCHEMA public} (pg_dump writes it when the dumped database's public
     * schema was recreated) becomes {@code CREATE SCHEMA IF NOT EXISTS public}: every new database already has one.
     */
    public static String sqlOf(TocEntry e) {
        if (e.desc().equals("BLOB METADATA")) {
            // pg_dump 17+ groups large objects: the definition is their oids, one per line (IssueCommandPerBlob).
            StringBuilder sql = new StringBuilder();
            for (String oid : e.defn().split("\n")) {
                if (!oid.isBlank()) {
                    sql.append("SELECT pg_catalog.lo_create('").append(Long.parseLong(oid.strip())).append("');\n");
                }
            }
            return sql.toString();
        }
        if (e.desc().equals("SCHEMA") && e.tag().equals("public") && CREATE_SCHEMA_PUBLIC.matcher(e.defn()).matches()) {
            return "CREATE SCHEMA IF NOT EXISTS public;";
        }
        return e.defn();
    }

    private static boolean isSkipped(TocEntry e) {
        String desc = e.desc();
        if (PRIVILEGES.contains(desc) || DATABASE_LEVEL.contains(desc)) {
            return true;
        }
        if ((isCommentLike(desc) || desc.equals("ACL")) && e.tag().startsWith("DATABASE ")) {
            return true;
        }
        // The target database's plpgsql is the server's own; commenting on it needs its owner (not the RDS master
        // user), and pg_dump 11+ no longer dumps this comment at all.
        return desc.equals("COMMENT") && e.tag().equals("EXTENSION plpgsql");
    }

    private static boolean isCommentLike(String desc) {
        return desc.equals("COMMENT") || desc.equals("SECURITY LABEL");
    }
}
