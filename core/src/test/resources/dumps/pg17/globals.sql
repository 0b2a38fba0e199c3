--
-- PostgreSQL database cluster dump
--

\restrict LOed1tRpZtHoH8EdC5d0g7mjj3NtPFr0BszrTL45hFE6W8SgeAq8vJuCxNuVwfa

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE shop_owner;
ALTER ROLE shop_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:qd5OYA6bTBj0kRo2uzQjtw==$dI0IZAoY2zBvQEXQTrvEmsnnP640iWzsSg9zyBOyDLA=:5BxoNax5Tv6Lulx1LbMNLyC8+0ZKYIIfBogFlYIlvvs=';
CREATE ROLE shop_reader;
ALTER ROLE shop_reader WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;

--
-- User Configurations
--








\unrestrict LOed1tRpZtHoH8EdC5d0g7mjj3NtPFr0BszrTL45hFE6W8SgeAq8vJuCxNuVwfa

--
-- PostgreSQL database cluster dump complete
--

