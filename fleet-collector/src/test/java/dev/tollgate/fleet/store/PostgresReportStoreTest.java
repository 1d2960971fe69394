package dev.tollgate.fleet.store;

/** The store contract against a real PostgreSQL server (see {@link PostgresCluster}). */
class PostgresReportStoreTest extends ReportStoreContract {
  @Override
  ReportStore openNew() throws Exception {
    PostgresCluster pg = PostgresCluster.shared();
    return ReportStore.open(pg.newDatabase(), pg.user(), null);
  }
}
