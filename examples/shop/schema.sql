-- A small web shop: the sample database of restore-drill's bundled example.
-- make-example.sh loads this into a scratch PostgreSQL and dumps it with the real pg_dump.
SELECT setseed(0.42);

CREATE SCHEMA shop;
CREATE SCHEMA audit;

CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

CREATE TABLE shop.customers (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    full_name   text NOT NULL,
    country     char(2) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    preferences jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE shop.categories (
    id        serial PRIMARY KEY,
    name      text NOT NULL UNIQUE,
    parent_id int REFERENCES shop.categories (id)
);

CREATE TABLE shop.products (
    id          serial PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    name        text NOT NULL,
    description text,
    category_id int NOT NULL REFERENCES shop.categories (id),
    price_cents int NOT NULL CHECK (price_cents > 0),
    in_stock    boolean NOT NULL DEFAULT true
);

CREATE TABLE shop.orders (
    id          bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES shop.customers (id),
    status      shop.order_status NOT NULL DEFAULT 'pending',
    placed_at   timestamptz NOT NULL,
    note        text
);
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
CREATE INDEX orders_placed_at_idx ON shop.orders (placed_at DESC);

CREATE TABLE shop.order_items (
    order_id         bigint NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
    line_no          int NOT NULL,
    product_id       int NOT NULL REFERENCES shop.products (id),
    quantity         int NOT NULL CHECK (quantity > 0),
    unit_price_cents int NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE shop.payments (
    id           bigserial PRIMARY KEY,
    order_id     bigint NOT NULL UNIQUE REFERENCES shop.orders (id),
    amount_cents bigint NOT NULL,
    provider     text NOT NULL,
    captured_at  timestamptz NOT NULL
);

-- Table with a mixed-case quoted name, as some ORMs create them.
CREATE TABLE audit."ChangeLog" (
    id         bigserial PRIMARY KEY,
    "tableName" text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    detail     text
);

CREATE FUNCTION shop.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();  -- keep; it's what the app expects
    RETURN NEW;
END;
$$;

CREATE TRIGGER customers_touch BEFORE UPDATE ON shop.customers
    FOR EACH ROW EXECUTE FUNCTION shop.touch_updated_at();

CREATE FUNCTION shop.order_total_cents(p_order bigint) RETURNS bigint
LANGUAGE plpgsql STABLE AS $body$
DECLARE
    total bigint;
BEGIN
    SELECT coalesce(sum(quantity * unit_price_cents), 0) INTO total
      FROM shop.order_items WHERE order_id = p_order;
    RETURN total; -- 'cents'; never NULL
END;
$body$;

CREATE VIEW shop.order_totals AS
    SELECT o.id AS order_id, o.customer_id, o.status, shop.order_total_cents(o.id) AS total_cents
      FROM shop.orders o;

COMMENT ON TABLE shop.orders IS 'One row per checkout; see order_items for the lines.';

-- Data: deterministic (setseed above), a realistic spread.
INSERT INTO shop.categories (name, parent_id) VALUES
    ('Books', NULL), ('Garden', NULL), ('Kitchen', NULL), ('Toys', NULL), ('Electronics', NULL);
INSERT INTO shop.categories (name, parent_id)
    SELECT c.name || ' / ' || s.sub, c.id
      FROM shop.categories c CROSS JOIN (VALUES ('New'), ('Used'), ('Gifts')) AS s(sub);

INSERT INTO shop.customers (email, full_name, country, created_at, updated_at, preferences)
    SELECT 'customer' || g || '@example.com',
           (ARRAY['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Edsger', 'Frances'])[1 + g % 8]
               || ' ' || (ARRAY['O''Brien', 'Müller', 'Nakamura', 'Dubois', 'Smith', 'García'])[1 + g % 6],
           (ARRAY['DE', 'FR', 'JP', 'US', 'IE', 'ES', 'BR'])[1 + g % 7],
           timestamptz '2024-01-01 00:00Z' + g * interval '37 minutes',
           timestamptz '2024-01-01 00:00Z' + g * interval '37 minutes',
           jsonb_build_object('newsletter', g % 3 = 0, 'language', (ARRAY['en', 'de', 'ja'])[1 + g % 3])
      FROM generate_series(1, 2000) AS g;

INSERT INTO shop.products (sku, name, description, category_id, price_cents, in_stock)
    SELECT 'SKU-' || lpad(g::text, 5, '0'),
           'Product ' || g,
           CASE WHEN g % 10 = 0 THEN NULL
                ELSE E'Line one of product ' || g || E'\nLine two:\ttab, "quotes", back\\slash; semicolon' END,
           1 + (g % 20),
           199 + (g * 7919) % 20000,
           g % 17 <> 0
      FROM generate_series(1, 500) AS g;

INSERT INTO shop.orders (customer_id, status, placed_at, note)
    SELECT 1 + (g * 7) % 2000,
           (ARRAY['pending', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled']::shop.order_status[])[1 + g % 7],
           timestamptz '2025-01-01 00:00Z' + g * interval '47 minutes',
           CASE WHEN g % 50 = 0 THEN 'Leave at the door; ring twice' END
      FROM generate_series(1, 10000) AS g;

INSERT INTO shop.order_items (order_id, line_no, product_id, quantity, unit_price_cents)
    SELECT o.id, l, 1 + (o.id * 31 + l * 17) % 500, 1 + (o.id + l) % 4, 0
      FROM shop.orders o CROSS JOIN LATERAL generate_series(1, 1 + o.id % 5) AS l;
UPDATE shop.order_items i SET unit_price_cents = p.price_cents FROM shop.products p WHERE p.id = i.product_id;

INSERT INTO shop.payments (order_id, amount_cents, provider, captured_at)
    SELECT o.id, shop.order_total_cents(o.id), (ARRAY['card', 'paypal', 'invoice'])[1 + o.id % 3],
           o.placed_at + interval '3 minutes'
      FROM shop.orders o WHERE o.status IN ('paid', 'shipped', 'delivered');

INSERT INTO audit."ChangeLog" ("tableName", changed_at, detail)
    SELECT 'shop.orders', timestamptz '2025-01-01 00:00Z' + g * interval '1 hour', 'status change #' || g
      FROM generate_series(1, 3000) AS g;

ANALYZE;
