package dev.tollgate.fleet.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReportStoreTest extends ReportStoreContract {
  @TempDir Path dir;

  @Override
  ReportStore openNew() throws Exception {
    return ReportStore.open(ReportStore.sqliteUrl(dir.resolve("fleet.db")), null, null);
  }

  @Test
  void runsInWalModeWithFullSync() throws Exception {
    try (Connection c = DriverManager.getConnection(ReportStore.sqliteUrl(dir.resolve("fleet.db")));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
  }
}
