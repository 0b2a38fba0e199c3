-- The database every dump fixture is made from (scripts/make-fixture-dumps.sh loads it into database "shop").
-- Small on purpose (fixtures are committed), but it holds what a restore must get right: several schemas, an enum,
-- identity and serial columns, a standalone sequence, arrays, jsonb, bytea, a value stored out of line (TOAST),
-- text that COPY must escape, a partitioned table, views and a materialized view, a function and a trigger,
-- indexes of several kinds, foreign keys, comments, a table without rows and one large object.
-- Deterministic: no random(), no now(), so every major's fixtures hold the same rows.

CREATE ROLE shop_owner LOGIN PASSWORD 'fixture-password-not-a-secret';
CREATE ROLE shop_reader NOLOGIN;

CREATE SCHEMA shop AUTHORIZATION shop_owner;
CREATE SCHEMA audit;
CREATE SCHEMA "Mixed Case";

CREATE TYPE shop.order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');

CREATE TABLE shop.customers (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    name       text NOT NULL,
    tags       text[] NOT NULL DEFAULT '{}',
    scores     integer[],
    joined_at  timestamptz NOT NULL
);
COMMENT ON TABLE shop.customers IS 'People who bought something; email is their login.';
COMMENT ON COLUMN shop.customers.tags IS 'Free-form labels, searched through a GIN index.';

CREATE TABLE shop.orders (
    id          bigserial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customers (id),
    status      shop.order_status NOT NULL DEFAULT 'new',
    placed_at   timestamptz NOT NULL,
    total       numeric(10, 2) NOT NULL CHECK (total >= 0),
    details     jsonb,
    updated_at  timestamptz
);

CREATE TABLE shop.order_lines (
    order_id bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
    line_no  smallint NOT NULL,
    sku      text NOT NULL,
    quantity integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- body is stored out of line, uncompressed, so the dumps carry a TOASTed value as it is.
CREATE TABLE shop.documents (
    id         integer PRIMARY KEY,
    title      text NOT NULL,
    body       text,
    attachment bytea
);
ALTER TABLE shop.documents ALTER COLUMN body SET STORAGE EXTERNAL;

CREATE TABLE shop.events (
    occurred_on date NOT NULL,
    kind        text NOT NULL,
    payload     text
) PARTITION BY RANGE (occurred_on);
CREATE TABLE shop.events_2026_10 PARTITION OF shop.events FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
CREATE TABLE shop.events_2026_11 PARTITION OF shop.events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE shop.events_other PARTITION OF shop.events DEFAULT;

CREATE SEQUENCE shop.invoice_no START 1000;

CREATE TABLE audit.log (
    at      timestamptz NOT NULL,
    actor   text,
    message text
);

CREATE TABLE audit.empty_table (id integer PRIMARY KEY, note text);

CREATE TABLE "Mixed Case"."Line Items ""Quoted""" (
    "Id"    integer PRIMARY KEY,
    "Label" text
);

INSERT INTO shop.customers (email, name, tags, scores, joined_at)
SELECT 'customer' || i || '@example.com',
       CASE i % 4 WHEN 0 THEN 'Zoë Ångström' WHEN 1 THEN 'O''Brien, Pat' WHEN 2 THEN '日本 太郎' ELSE 'Plain Name ' || i END,
       CASE WHEN i % 3 = 0 THEN ARRAY['vip', 'tag with space'] WHEN i % 3 = 1 THEN ARRAY['a,b', 'quote"d'] ELSE '{}' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE ARRAY[i, i * 2, NULL] END,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 day 3 hours'
FROM generate_series(1, 12) AS i;

INSERT INTO shop.orders (customer_id, status, placed_at, total, details)
SELECT 1 + i % 12,
       (ARRAY['new', 'paid', 'shipped', 'cancelled']::shop.order_status[])[1 + i % 4],
       timestamptz '2026-06-01 12:00:00+00' + i * interval '7 hours 13 minutes',
       round((i * 13.37)::numeric % 1000, 2),
       CASE WHEN i % 7 = 0 THEN NULL ELSE jsonb_build_object('channel', CASE WHEN i % 2 = 0 THEN 'web' ELSE 'shop' END,
                                                            'coupon', i % 3 = 0, 'items', i % 5) END
FROM generate_series(1, 30) AS i;

INSERT INTO shop.order_lines (order_id, line_no, sku, quantity)
SELECT o, l, 'SKU-' || lpad(((o * 7 + l) % 97)::text, 4, '0'), 1 + (o + l) % 6
FROM generate_series(1, 30) AS o, generate_series(1, 3) AS l
WHERE l <= 1 + o % 3;

INSERT INTO shop.documents (id, title, body, attachment) VALUES
    (1, 'Terms with a tab	and a backslash \ inside', 'Line one
line two with a carriage return' || chr(13) || ' and \N that is not null', '\x00ff10'),
    (2, 'Large document', (SELECT string_agg(md5(i::text), ' ') FROM generate_series(1, 80) AS i), decode(repeat('00ff7f80', 8), 'hex')),
    (3, 'Empty body', '', ''),
    (4, 'No body', NULL, NULL);

INSERT INTO shop.events (occurred_on, kind, payload)
SELECT date '2026-10-26' + i * 3, CASE WHEN i % 2 = 0 THEN 'click' ELSE 'view' END, 'event ' || i
FROM generate_series(0, 14) AS i;

INSERT INTO audit.log (at, actor, message)
SELECT timestamptz '2026-11-30 23:00:00+00' + i * interval '1 minute', CASE WHEN i % 3 = 0 THEN NULL ELSE 'user' || i END,
       'changed order ' || i
FROM generate_series(1, 8) AS i;

INSERT INTO "Mixed Case"."Line Items ""Quoted""" VALUES (1, 'first'), (2, NULL), (3, 'third; with a semicolon');

SELECT setval('shop.invoice_no', 1042);

CREATE INDEX orders_placed_at ON shop.orders (placed_at);
CREATE INDEX orders_open ON shop.orders (customer_id) WHERE status IN ('new', 'paid');
CREATE INDEX customers_tags ON shop.customers USING gin (tags);
CREATE INDEX events_kind ON shop.events (kind);
CREATE UNIQUE INDEX documents_title_lower ON shop.documents (lower(title));

CREATE FUNCTION shop.order_total(p_customer integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(total), 0) FROM shop.orders WHERE customer_id = p_customer $$;

CREATE FUNCTION shop.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $body$
BEGIN
    NEW.updated_at := timestamptz '2026-12-01 00:00:00+00'; -- fixed, so a restore test can see the trigger ran
    RETURN NEW;
END;
$body$;

CREATE TRIGGER orders_touch BEFORE UPDATE ON shop.orders
    FOR EACH ROW EXECUTE FUNCTION shop.touch_updated_at();

CREATE VIEW shop.customer_totals AS
    SELECT c.id, c.email, shop.order_total(c.id) AS total
    FROM shop.customers c;
COMMENT ON VIEW shop.customer_totals IS 'Spend per customer.';

CREATE MATERIALIZED VIEW shop.orders_per_status AS
    SELECT status, count(*) AS orders FROM shop.orders GROUP BY status;

GRANT USAGE ON SCHEMA shop TO shop_reader;
GRANT SELECT ON shop.customer_totals TO shop_reader;
ALTER TABLE shop.orders OWNER TO shop_owner;

SELECT lo_from_bytea(424242, convert_to('a large object, stored in pg_largeobject', 'UTF8'));
COMMENT ON LARGE OBJECT 424242 IS 'The only large object.';
