--
-- PostgreSQL database cluster dump
--

\restrict shG94vLdE73QfIH7e9em5bNci0Ryi6DCRjxNBgvGeqlZQV6x4inba350oyXKNb3

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE shop_owner;
ALTER ROLE shop_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:RtigdBiX+KZtNmCQg4mAwA==$woPlATpvwZ45y8uxodRFBkGJEP3Cz/pmi0VbPPhJ5bg=:a3odOROxhmu7zdZGQZ4DYqTwAuiWxI12xYpSbJdR34o=';
CREATE ROLE shop_reader;
ALTER ROLE shop_reader WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;

--
-- User Configurations
--








\unrestrict shG94vLdE73QfIH7e9em5bNci0Ryi6DCRjxNBgvGeqlZQV6x4inba350oyXKNb3

--
-- PostgreSQL database cluster dump complete
--

