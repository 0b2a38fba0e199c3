--
-- PostgreSQL database dump
--

\restrict ofhihqbivq8QXkVsGpuFizOceXesxwcpS2ZJ705A4KJ9WIoYA7UmO7Gsf1EH2jZ

-- Dumped from database version 17.11
-- Dumped by pg_dump version 17.10

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Mixed Case; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "Mixed Case";


ALTER SCHEMA "Mixed Case" OWNER TO postgres;

--
-- Name: audit; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA audit;


ALTER SCHEMA audit OWNER TO postgres;

--
-- Name: shop; Type: SCHEMA; Schema: -; Owner: shop_owner
--

CREATE SCHEMA shop;


ALTER SCHEMA shop OWNER TO shop_owner;

--
-- Name: order_status; Type: TYPE; Schema: shop; Owner: postgres
--

CREATE TYPE shop.order_status AS ENUM (
    'new',
    'paid',
    'shipped',
    'cancelled'
);


ALTER TYPE shop.order_status OWNER TO postgres;

--
-- Name: order_total(integer); Type: FUNCTION; Schema: shop; Owner: postgres
--

CREATE FUNCTION shop.order_total(p_customer integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(total), 0) FROM shop.orders WHERE customer_id = p_customer $$;


ALTER FUNCTION shop.order_total(p_customer integer) OWNER TO postgres;

--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: shop; Owner: postgres
--

CREATE FUNCTION shop.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := timestamptz '2026-12-01 00:00:00+00'; -- fixed, so a restore test can see the trigger ran
    RETURN NEW;
END;
$$;


ALTER FUNCTION shop.touch_updated_at() OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: Line Items "Quoted"; Type: TABLE; Schema: Mixed Case; Owner: postgres
--

CREATE TABLE "Mixed Case"."Line Items ""Quoted""" (
    "Id" integer NOT NULL,
    "Label" text
);


ALTER TABLE "Mixed Case"."Line Items ""Quoted""" OWNER TO postgres;

--
-- Name: empty_table; Type: TABLE; Schema: audit; Owner: postgres
--

CREATE TABLE audit.empty_table (
    id integer NOT NULL,
    note text
);


ALTER TABLE audit.empty_table OWNER TO postgres;

--
-- Name: log; Type: TABLE; Schema: audit; Owner: postgres
--

CREATE TABLE audit.log (
    at timestamp with time zone NOT NULL,
    actor text,
    message text
);


ALTER TABLE audit.log OWNER TO postgres;

--
-- Name: customers; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.customers (
    id integer NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    scores integer[],
    joined_at timestamp with time zone NOT NULL
);


ALTER TABLE shop.customers OWNER TO postgres;

--
-- Name: TABLE customers; Type: COMMENT; Schema: shop; Owner: postgres
--

COMMENT ON TABLE shop.customers IS 'People who bought something; email is their login.';


--
-- Name: COLUMN customers.tags; Type: COMMENT; Schema: shop; Owner: postgres
--

COMMENT ON COLUMN shop.customers.tags IS 'Free-form labels, searched through a GIN index.';


--
-- Name: customer_totals; Type: VIEW; Schema: shop; Owner: postgres
--

CREATE VIEW shop.customer_totals AS
 SELECT id,
    email,
    shop.order_total(id) AS total
   FROM shop.customers c;


ALTER VIEW shop.customer_totals OWNER TO postgres;

--
-- Name: VIEW customer_totals; Type: COMMENT; Schema: shop; Owner: postgres
--

COMMENT ON VIEW shop.customer_totals IS 'Spend per customer.';


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: shop; Owner: postgres
--

ALTER TABLE shop.customers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME shop.customers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: documents; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.documents (
    id integer NOT NULL,
    title text NOT NULL,
    body text,
    attachment bytea
);
ALTER TABLE ONLY shop.documents ALTER COLUMN body SET STORAGE EXTERNAL;


ALTER TABLE shop.documents OWNER TO postgres;

--
-- Name: events; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.events (
    occurred_on date NOT NULL,
    kind text NOT NULL,
    payload text
)
PARTITION BY RANGE (occurred_on);


ALTER TABLE shop.events OWNER TO postgres;

--
-- Name: events_2026_10; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.events_2026_10 (
    occurred_on date NOT NULL,
    kind text NOT NULL,
    payload text
);


ALTER TABLE shop.events_2026_10 OWNER TO postgres;

--
-- Name: events_2026_11; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.events_2026_11 (
    occurred_on date NOT NULL,
    kind text NOT NULL,
    payload text
);


ALTER TABLE shop.events_2026_11 OWNER TO postgres;

--
-- Name: events_other; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.events_other (
    occurred_on date NOT NULL,
    kind text NOT NULL,
    payload text
);


ALTER TABLE shop.events_other OWNER TO postgres;

--
-- Name: invoice_no; Type: SEQUENCE; Schema: shop; Owner: postgres
--

CREATE SEQUENCE shop.invoice_no
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE shop.invoice_no OWNER TO postgres;

--
-- Name: order_lines; Type: TABLE; Schema: shop; Owner: postgres
--

CREATE TABLE shop.order_lines (
    order_id bigint NOT NULL,
    line_no smallint NOT NULL,
    sku text NOT NULL,
    quantity integer NOT NULL
);


ALTER TABLE shop.order_lines OWNER TO postgres;

--
-- Name: orders; Type: TABLE; Schema: shop; Owner: shop_owner
--

CREATE TABLE shop.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    status shop.order_status DEFAULT 'new'::shop.order_status NOT NULL,
    placed_at timestamp with time zone NOT NULL,
    total numeric(10,2) NOT NULL,
    details jsonb,
    updated_at timestamp with time zone,
    CONSTRAINT orders_total_check CHECK ((total >= (0)::numeric))
);


ALTER TABLE shop.orders OWNER TO shop_owner;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: shop; Owner: shop_owner
--

CREATE SEQUENCE shop.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE shop.orders_id_seq OWNER TO shop_owner;

--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: shop; Owner: shop_owner
--

ALTER SEQUENCE shop.orders_id_seq OWNED BY shop.orders.id;


--
-- Name: orders_per_status; Type: MATERIALIZED VIEW; Schema: shop; Owner: postgres
--

CREATE MATERIALIZED VIEW shop.orders_per_status AS
 SELECT status,
    count(*) AS orders
   FROM shop.orders
  GROUP BY status
  WITH NO DATA;


ALTER MATERIALIZED VIEW shop.orders_per_status OWNER TO postgres;

--
-- Name: events_2026_10; Type: TABLE ATTACH; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.events ATTACH PARTITION shop.events_2026_10 FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');


--
-- Name: events_2026_11; Type: TABLE ATTACH; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.events ATTACH PARTITION shop.events_2026_11 FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');


--
-- Name: events_other; Type: TABLE ATTACH; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.events ATTACH PARTITION shop.events_other DEFAULT;


--
-- Name: orders id; Type: DEFAULT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.orders ALTER COLUMN id SET DEFAULT nextval('shop.orders_id_seq'::regclass);


--
-- Data for Name: Line Items "Quoted"; Type: TABLE DATA; Schema: Mixed Case; Owner: postgres
--

COPY "Mixed Case"."Line Items ""Quoted""" ("Id", "Label") FROM stdin;
1	first
2	\N
3	third; with a semicolon
\.


--
-- Data for Name: empty_table; Type: TABLE DATA; Schema: audit; Owner: postgres
--

COPY audit.empty_table (id, note) FROM stdin;
\.


--
-- Data for Name: log; Type: TABLE DATA; Schema: audit; Owner: postgres
--

COPY audit.log (at, actor, message) FROM stdin;
2026-11-30 23:01:00+00	user1	changed order 1
2026-11-30 23:02:00+00	user2	changed order 2
2026-11-30 23:03:00+00	\N	changed order 3
2026-11-30 23:04:00+00	user4	changed order 4
2026-11-30 23:05:00+00	user5	changed order 5
2026-11-30 23:06:00+00	\N	changed order 6
2026-11-30 23:07:00+00	user7	changed order 7
2026-11-30 23:08:00+00	user8	changed order 8
\.


--
-- Data for Name: customers; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.customers (id, email, name, tags, scores, joined_at) FROM stdin;
1	customer1@example.com	O'Brien, Pat	{"a,b","quote\\"d"}	{1,2,NULL}	2026-01-02 03:00:00+00
2	customer2@example.com	日本 太郎	{}	{2,4,NULL}	2026-01-03 06:00:00+00
3	customer3@example.com	Plain Name 3	{vip,"tag with space"}	{3,6,NULL}	2026-01-04 09:00:00+00
4	customer4@example.com	Zoë Ångström	{"a,b","quote\\"d"}	{4,8,NULL}	2026-01-05 12:00:00+00
5	customer5@example.com	O'Brien, Pat	{}	\N	2026-01-06 15:00:00+00
6	customer6@example.com	日本 太郎	{vip,"tag with space"}	{6,12,NULL}	2026-01-07 18:00:00+00
7	customer7@example.com	Plain Name 7	{"a,b","quote\\"d"}	{7,14,NULL}	2026-01-08 21:00:00+00
8	customer8@example.com	Zoë Ångström	{}	{8,16,NULL}	2026-01-10 00:00:00+00
9	customer9@example.com	O'Brien, Pat	{vip,"tag with space"}	{9,18,NULL}	2026-01-11 03:00:00+00
10	customer10@example.com	日本 太郎	{"a,b","quote\\"d"}	\N	2026-01-12 06:00:00+00
11	customer11@example.com	Plain Name 11	{}	{11,22,NULL}	2026-01-13 09:00:00+00
12	customer12@example.com	Zoë Ångström	{vip,"tag with space"}	{12,24,NULL}	2026-01-14 12:00:00+00
\.


--
-- Data for Name: documents; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.documents (id, title, body, attachment) FROM stdin;
1	Terms with a tab\tand a backslash \\ inside	Line one\nline two with a carriage return\r and \\N that is not null	\\x00ff10
2	Large document	c4ca4238a0b923820dcc509a6f75849b c81e728d9d4c2f636f067f89cc14862c eccbc87e4b5ce2fe28308fd9f2a7baf3 a87ff679a2f3e71d9181a67b7542122c e4da3b7fbbce2345d7772b0674a318d5 1679091c5a880faf6fb5e6087eb1b2dc 8f14e45fceea167a5a36dedd4bea2543 c9f0f895fb98ab9159f51fd0297e236d 45c48cce2e2d7fbdea1afc51c7c6ad26 d3d9446802a44259755d38e6d163e820 6512bd43d9caa6e02c990b0a82652dca c20ad4d76fe97759aa27a0c99bff6710 c51ce410c124a10e0db5e4b97fc2af39 aab3238922bcc25a6f606eb525ffdc56 9bf31c7ff062936a96d3c8bd1f8f2ff3 c74d97b01eae257e44aa9d5bade97baf 70efdf2ec9b086079795c442636b55fb 6f4922f45568161a8cdf4ad2299f6d23 1f0e3dad99908345f7439f8ffabdffc4 98f13708210194c475687be6106a3b84 3c59dc048e8850243be8079a5c74d079 b6d767d2f8ed5d21a44b0e5886680cb9 37693cfc748049e45d87b8c7d8b9aacd 1ff1de774005f8da13f42943881c655f 8e296a067a37563370ded05f5a3bf3ec 4e732ced3463d06de0ca9a15b6153677 02e74f10e0327ad868d138f2b4fdd6f0 33e75ff09dd601bbe69f351039152189 6ea9ab1baa0efb9e19094440c317e21b 34173cb38f07f89ddbebc2ac9128303f c16a5320fa475530d9583c34fd356ef5 6364d3f0f495b6ab9dcf8d3b5c6e0b01 182be0c5cdcd5072bb1864cdee4d3d6e e369853df766fa44e1ed0ff613f563bd 1c383cd30b7c298ab50293adfecb7b18 19ca14e7ea6328a42e0eb13d585e4c22 a5bfc9e07964f8dddeb95fc584cd965d a5771bce93e200c36f7cd9dfd0e5deaa d67d8ab4f4c10bf22aa353e27879133c d645920e395fedad7bbbed0eca3fe2e0 3416a75f4cea9109507cacd8e2f2aefc a1d0c6e83f027327d8461063f4ac58a6 17e62166fc8586dfa4d1bc0e1742c08b f7177163c833dff4b38fc8d2872f1ec6 6c8349cc7260ae62e3b1396831a8398f d9d4f495e875a2e075a1a4a6e1b9770f 67c6a1e7ce56d3d6fa748ab6d9af3fd7 642e92efb79421734881b53e1e1b18b6 f457c545a9ded88f18ecee47145a72c0 c0c7c76d30bd3dcaefc96f40275bdc0a 2838023a778dfaecdc212708f721b788 9a1158154dfa42caddbd0694a4e9bdc8 d82c8d1619ad8176d665453cfb2e55f0 a684eceee76fc522773286a895bc8436 b53b3a3d6ab90ce0268229151c9bde11 9f61408e3afb633e50cdf1b20de6f466 72b32a1f754ba1c09b3695e0cb6cde7f 66f041e16a60928b05a7e228a89c3799 093f65e080a295f8076b1c5722a46aa2 072b030ba126b2f4b2374f342be9ed44 7f39f8317fbdb1988ef4c628eba02591 44f683a84163b3523afe57c2e008bc8c 03afdbd66e7929b125f8597834fa83a4 ea5d2f1c4608232e07d3aa3d998e5135 fc490ca45c00b1249bbe3554a4fdf6fb 3295c76acbf4caaed33c36b1b5fc2cb1 735b90b4568125ed6c3f678819b6e058 a3f390d88e4c41f2747bfa2f1b5f87db 14bfa6bb14875e45bba028a21ed38046 7cbbc409ec990f19c78c75bd1e06f215 e2c420d928d4bf8ce0ff2ec19b371514 32bb90e8976aab5298d5da10fe66f21d d2ddea18f00665ce8623e36bd4e3c7c5 ad61ab143223efbc24c7d2583be69251 d09bf41544a3365a46c9077ebb5e35c3 fbd7939d674997cdb4692d34de8633c4 28dd2c7955ce926456240b2ff0100bde 35f4a8d465e6e1edc05f3d8ab658c551 d1fe173d08e959397adf34b1d77e88d7 f033ab37c30201f73f142449d037028d	\\x00ff7f8000ff7f8000ff7f8000ff7f8000ff7f8000ff7f8000ff7f8000ff7f80
3	Empty body		\\x
4	No body	\N	\N
\.


--
-- Data for Name: events_2026_10; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.events_2026_10 (occurred_on, kind, payload) FROM stdin;
2026-10-26	click	event 0
2026-10-29	view	event 1
\.


--
-- Data for Name: events_2026_11; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.events_2026_11 (occurred_on, kind, payload) FROM stdin;
2026-11-01	click	event 2
2026-11-04	view	event 3
2026-11-07	click	event 4
2026-11-10	view	event 5
2026-11-13	click	event 6
2026-11-16	view	event 7
2026-11-19	click	event 8
2026-11-22	view	event 9
2026-11-25	click	event 10
2026-11-28	view	event 11
\.


--
-- Data for Name: events_other; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.events_other (occurred_on, kind, payload) FROM stdin;
2026-12-01	click	event 12
2026-12-04	view	event 13
2026-12-07	click	event 14
\.


--
-- Data for Name: order_lines; Type: TABLE DATA; Schema: shop; Owner: postgres
--

COPY shop.order_lines (order_id, line_no, sku, quantity) FROM stdin;
1	1	SKU-0008	3
2	1	SKU-0015	4
3	1	SKU-0022	5
4	1	SKU-0029	6
5	1	SKU-0036	1
6	1	SKU-0043	2
7	1	SKU-0050	3
8	1	SKU-0057	4
9	1	SKU-0064	5
10	1	SKU-0071	6
11	1	SKU-0078	1
12	1	SKU-0085	2
13	1	SKU-0092	3
14	1	SKU-0002	4
15	1	SKU-0009	5
16	1	SKU-0016	6
17	1	SKU-0023	1
18	1	SKU-0030	2
19	1	SKU-0037	3
20	1	SKU-0044	4
21	1	SKU-0051	5
22	1	SKU-0058	6
23	1	SKU-0065	1
24	1	SKU-0072	2
25	1	SKU-0079	3
26	1	SKU-0086	4
27	1	SKU-0093	5
28	1	SKU-0003	6
29	1	SKU-0010	1
30	1	SKU-0017	2
1	2	SKU-0009	4
2	2	SKU-0016	5
4	2	SKU-0030	1
5	2	SKU-0037	2
7	2	SKU-0051	4
8	2	SKU-0058	5
10	2	SKU-0072	1
11	2	SKU-0079	2
13	2	SKU-0093	4
14	2	SKU-0003	5
16	2	SKU-0017	1
17	2	SKU-0024	2
19	2	SKU-0038	4
20	2	SKU-0045	5
22	2	SKU-0059	1
23	2	SKU-0066	2
25	2	SKU-0080	4
26	2	SKU-0087	5
28	2	SKU-0004	1
29	2	SKU-0011	2
2	3	SKU-0017	6
5	3	SKU-0038	3
8	3	SKU-0059	6
11	3	SKU-0080	3
14	3	SKU-0004	6
17	3	SKU-0025	3
20	3	SKU-0046	6
23	3	SKU-0067	3
26	3	SKU-0088	6
29	3	SKU-0012	3
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: shop; Owner: shop_owner
--

COPY shop.orders (id, customer_id, status, placed_at, total, details, updated_at) FROM stdin;
1	2	paid	2026-06-01 19:13:00+00	13.37	{"items": 1, "coupon": false, "channel": "shop"}	\N
2	3	shipped	2026-06-02 02:26:00+00	26.74	{"items": 2, "coupon": false, "channel": "web"}	\N
3	4	cancelled	2026-06-02 09:39:00+00	40.11	{"items": 3, "coupon": true, "channel": "shop"}	\N
4	5	new	2026-06-02 16:52:00+00	53.48	{"items": 4, "coupon": false, "channel": "web"}	\N
5	6	paid	2026-06-03 00:05:00+00	66.85	{"items": 0, "coupon": false, "channel": "shop"}	\N
6	7	shipped	2026-06-03 07:18:00+00	80.22	{"items": 1, "coupon": true, "channel": "web"}	\N
7	8	cancelled	2026-06-03 14:31:00+00	93.59	\N	\N
8	9	new	2026-06-03 21:44:00+00	106.96	{"items": 3, "coupon": false, "channel": "web"}	\N
9	10	paid	2026-06-04 04:57:00+00	120.33	{"items": 4, "coupon": true, "channel": "shop"}	\N
10	11	shipped	2026-06-04 12:10:00+00	133.70	{"items": 0, "coupon": false, "channel": "web"}	\N
11	12	cancelled	2026-06-04 19:23:00+00	147.07	{"items": 1, "coupon": false, "channel": "shop"}	\N
12	1	new	2026-06-05 02:36:00+00	160.44	{"items": 2, "coupon": true, "channel": "web"}	\N
13	2	paid	2026-06-05 09:49:00+00	173.81	{"items": 3, "coupon": false, "channel": "shop"}	\N
14	3	shipped	2026-06-05 17:02:00+00	187.18	\N	\N
15	4	cancelled	2026-06-06 00:15:00+00	200.55	{"items": 0, "coupon": true, "channel": "shop"}	\N
16	5	new	2026-06-06 07:28:00+00	213.92	{"items": 1, "coupon": false, "channel": "web"}	\N
17	6	paid	2026-06-06 14:41:00+00	227.29	{"items": 2, "coupon": false, "channel": "shop"}	\N
18	7	shipped	2026-06-06 21:54:00+00	240.66	{"items": 3, "coupon": true, "channel": "web"}	\N
19	8	cancelled	2026-06-07 05:07:00+00	254.03	{"items": 4, "coupon": false, "channel": "shop"}	\N
20	9	new	2026-06-07 12:20:00+00	267.40	{"items": 0, "coupon": false, "channel": "web"}	\N
21	10	paid	2026-06-07 19:33:00+00	280.77	\N	\N
22	11	shipped	2026-06-08 02:46:00+00	294.14	{"items": 2, "coupon": false, "channel": "web"}	\N
23	12	cancelled	2026-06-08 09:59:00+00	307.51	{"items": 3, "coupon": false, "channel": "shop"}	\N
24	1	new	2026-06-08 17:12:00+00	320.88	{"items": 4, "coupon": true, "channel": "web"}	\N
25	2	paid	2026-06-09 00:25:00+00	334.25	{"items": 0, "coupon": false, "channel": "shop"}	\N
26	3	shipped	2026-06-09 07:38:00+00	347.62	{"items": 1, "coupon": false, "channel": "web"}	\N
27	4	cancelled	2026-06-09 14:51:00+00	360.99	{"items": 2, "coupon": true, "channel": "shop"}	\N
28	5	new	2026-06-09 22:04:00+00	374.36	\N	\N
29	6	paid	2026-06-10 05:17:00+00	387.73	{"items": 4, "coupon": false, "channel": "shop"}	\N
30	7	shipped	2026-06-10 12:30:00+00	401.10	{"items": 0, "coupon": true, "channel": "web"}	\N
\.


--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: shop; Owner: postgres
--

SELECT pg_catalog.setval('shop.customers_id_seq', 12, true);


--
-- Name: invoice_no; Type: SEQUENCE SET; Schema: shop; Owner: postgres
--

SELECT pg_catalog.setval('shop.invoice_no', 1042, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: shop; Owner: shop_owner
--

SELECT pg_catalog.setval('shop.orders_id_seq', 30, true);


--
-- Name: 424242; Type: BLOB METADATA; Schema: -; Owner: postgres
--

SELECT pg_catalog.lo_create('424242');

ALTER LARGE OBJECT 424242 OWNER TO postgres;

--
-- Name: LARGE OBJECT 424242; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON LARGE OBJECT 424242 IS 'The only large object.';


--
-- Data for Name: 424242; Type: BLOBS; Schema: -; Owner: postgres
--

BEGIN;

SELECT pg_catalog.lo_open('424242', 131072);
SELECT pg_catalog.lowrite(0, '\x61206c61726765206f626a6563742c2073746f72656420696e2070675f6c617267656f626a656374');
SELECT pg_catalog.lo_close(0);

COMMIT;

--
-- Name: Line Items "Quoted" Line Items "Quoted"_pkey; Type: CONSTRAINT; Schema: Mixed Case; Owner: postgres
--

ALTER TABLE ONLY "Mixed Case"."Line Items ""Quoted"""
    ADD CONSTRAINT "Line Items ""Quoted""_pkey" PRIMARY KEY ("Id");


--
-- Name: empty_table empty_table_pkey; Type: CONSTRAINT; Schema: audit; Owner: postgres
--

ALTER TABLE ONLY audit.empty_table
    ADD CONSTRAINT empty_table_pkey PRIMARY KEY (id);


--
-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);


--
-- Name: order_lines order_lines_pkey; Type: CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.order_lines
    ADD CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: customers_tags; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX customers_tags ON shop.customers USING gin (tags);


--
-- Name: documents_title_lower; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE UNIQUE INDEX documents_title_lower ON shop.documents USING btree (lower(title));


--
-- Name: events_kind; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX events_kind ON ONLY shop.events USING btree (kind);


--
-- Name: events_2026_10_kind_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX events_2026_10_kind_idx ON shop.events_2026_10 USING btree (kind);


--
-- Name: events_2026_11_kind_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX events_2026_11_kind_idx ON shop.events_2026_11 USING btree (kind);


--
-- Name: events_other_kind_idx; Type: INDEX; Schema: shop; Owner: postgres
--

CREATE INDEX events_other_kind_idx ON shop.events_other USING btree (kind);


--
-- Name: orders_open; Type: INDEX; Schema: shop; Owner: shop_owner
--

CREATE INDEX orders_open ON shop.orders USING btree (customer_id) WHERE (status = ANY (ARRAY['new'::shop.order_status, 'paid'::shop.order_status]));


--
-- Name: orders_placed_at; Type: INDEX; Schema: shop; Owner: shop_owner
--

CREATE INDEX orders_placed_at ON shop.orders USING btree (placed_at);


--
-- Name: events_2026_10_kind_idx; Type: INDEX ATTACH; Schema: shop; Owner: postgres
--

ALTER INDEX shop.events_kind ATTACH PARTITION shop.events_2026_10_kind_idx;


--
-- Name: events_2026_11_kind_idx; Type: INDEX ATTACH; Schema: shop; Owner: postgres
--

ALTER INDEX shop.events_kind ATTACH PARTITION shop.events_2026_11_kind_idx;


--
-- Name: events_other_kind_idx; Type: INDEX ATTACH; Schema: shop; Owner: postgres
--

ALTER INDEX shop.events_kind ATTACH PARTITION shop.events_other_kind_idx;


--
-- Name: orders orders_touch; Type: TRIGGER; Schema: shop; Owner: shop_owner
--

CREATE TRIGGER orders_touch BEFORE UPDATE ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch_updated_at();


--
-- Name: order_lines order_lines_order_id_fkey; Type: FK CONSTRAINT; Schema: shop; Owner: postgres
--

ALTER TABLE ONLY shop.order_lines
    ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES shop.orders(id) ON DELETE CASCADE;


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES shop.customers(id);


--
-- Name: SCHEMA shop; Type: ACL; Schema: -; Owner: shop_owner
--

GRANT USAGE ON SCHEMA shop TO shop_reader;


--
-- Name: TABLE customer_totals; Type: ACL; Schema: shop; Owner: postgres
--

GRANT SELECT ON TABLE shop.customer_totals TO shop_reader;


--
-- Name: orders_per_status; Type: MATERIALIZED VIEW DATA; Schema: shop; Owner: postgres
--

REFRESH MATERIALIZED VIEW shop.orders_per_status;


--
-- PostgreSQL database dump complete
--

\unrestrict ofhihqbivq8QXkVsGpuFizOceXesxwcpS2ZJ705A4KJ9WIoYA7UmO7Gsf1EH2jZ

