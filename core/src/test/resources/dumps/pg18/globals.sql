--
-- PostgreSQL database cluster dump
--

\restrict TdoK3dycqcoWI88KpTvhcOudGLwTMVvjmicpZWwitJpdCNnoiTdOY4ToEHAa7UB

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE shop_owner;
ALTER ROLE shop_owner WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:zIxJ+ifyAnAWTxKRgPtJ4Q==$vUcA30GoGWcYY1FkTXSSwj2jMS5LsVMEKF9HyRZJlnc=:vn5G5xGDdR3AadNaTG5YYcNR8/U9KQ0FeKRWaCt0qXo=';
CREATE ROLE shop_reader;
ALTER ROLE shop_reader WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;

--
-- User Configurations
--








\unrestrict TdoK3dycqcoWI88KpTvhcOudGLwTMVvjmicpZWwitJpdCNnoiTdOY4ToEHAa7UB

--
-- PostgreSQL database cluster dump complete
--

