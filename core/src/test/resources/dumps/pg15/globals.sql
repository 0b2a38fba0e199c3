--
-- PostgreSQL database cluster dump
--

\restrict bnEnuHgMAICGlV2ifj4y34xfH5sLKzvdLeca067ueu2AClXhr44oR2UIk1Nkrrs

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE shop_owner;
ALTER ROLE shop_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:xUNlbCbt3LseDEIDu07m6A==$rj3QpsQpM+JU+qgVl0wyzAHj8AijR7MIjqSomrh9mgQ=:pw31DgOVdSKSa4kl6YXEhejEwlI7jKuCuja1o4BITEw=';
CREATE ROLE shop_reader;
ALTER ROLE shop_reader WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;

--
-- User Configurations
--








\unrestrict bnEnuHgMAICGlV2ifj4y34xfH5sLKzvdLeca067ueu2AClXhr44oR2UIk1Nkrrs

--
-- PostgreSQL database cluster dump complete
--

