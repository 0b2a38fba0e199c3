package io.restoredrill.core.domain;

import java.util.Comparator;
import java.util.Objects;

/**
 * One object of a database schema, as a schema fingerprint lists it.
 *
 * @param kind       what it is
 * @param name       its identity, quoted as PostgreSQL quotes identifiers, e.g. {@code public.orders},
 *                   {@code public.orders.total} (a column), {@code public.orders.orders_pkey} (a constraint),
 *                   {@code public.orders_pkey} (an index), {@code public.total(integer, text)} (a function)
 * @param definition what it is made of, e.g. {@code numeric(10,2) NOT NULL} for a column, the index definition;
 *                   empty for a schema
 */
public record SchemaObject(Kind kind, String name, String definition) implements Comparable<SchemaObject> {

    /** The kinds a fingerprint covers, in the order it lists them. */
    public enum Kind {
        SCHEMA, EXTENSION, TABLE, COLUMN, CONSTRAINT, INDEX, VIEW, SEQUENCE, FUNCTION;

        /**
         * Whether a changed definition of this kind breaks the schema. A table's shape (its columns' types and
         * nullability, its constraints and indexes) does. The text of views and functions and the versions of
         * extensions do not: PostgreSQL deparses views differently across major versions and a newer server
         * ships newer extension versions, so the same schema restored elsewhere would otherwise fail.
         */
        public boolean changeBreaks() {
            return switch (this) {
                case TABLE, COLUMN, CONSTRAINT, INDEX -> true;
                case SCHEMA, EXTENSION, VIEW, SEQUENCE, FUNCTION -> false;
            };
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Comparator<SchemaObject> ORDER =
            Comparator.comparing(SchemaObject::kind).thenComparing(SchemaObject::name)
                    .thenComparing(SchemaObject::definition);

    public SchemaObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a schema object needs a name");
        }
    }

    /** The kind and name, the key objects are matched by across two fingerprints. */
    public String key() {
        return kind + " " + name;
    }

    /** "column public.orders.total numeric(10,2) NOT NULL", as difference lists show it. */
    public String describe() {
        return kind.label() + " " + name + (definition.isEmpty() ? "" : " " + definition);
    }

    @Override
    public int compareTo(SchemaObject other) {
        return ORDER.compare(this, other);
    }
}
