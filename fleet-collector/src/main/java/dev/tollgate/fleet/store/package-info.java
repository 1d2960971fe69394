/**
 * The collector's durable store over JDBC: embedded SQLite by default (WAL, synchronous=FULL),
 * PostgreSQL past one machine, one schema migrated by Flyway. A report is accepted only once its
 * transaction has committed.
 */
package dev.tollgate.fleet.store;
