package dev.tollgate.fleet.store;

import dev.tollgate.fleet.DevicePublicKey;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.SignedReport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Accepted reports, enrolled devices and refusal counts in a SQL database: SQLite
 * ({@code jdbc:sqlite:FILE}) or PostgreSQL ({@code jdbc:postgresql://...}), with the same schema
 * ({@code db/migration}, applied by Flyway on open). One connection serves the store; its
 * operations are serialised, and a broken connection is replaced on the next call.
 *
 * <p>Durability: a report is accepted only when the transaction that stores it has committed.
 * SQLite runs in WAL mode with {@code synchronous=FULL}, so a commit has reached the disk before
 * the collector answers; PostgreSQL commits are durable under its defaults (fsync on,
 * synchronous_commit on).
 */
public final class ReportStore implements AutoCloseable {
  private final String url;
  private final Properties credentials;
  private Connection connection;

  private ReportStore(String url, Properties credentials) {
    this.url = url;
    this.credentials = credentials;
  }

  /** The outcome of offering a report: accepted, or refused for a counted reason. */
  public record Intake(Optional<Refusal> refusal, String message) {
    public static Intake accepted(String reportId) {
      return new Intake(Optional.empty(), "accepted report " + reportId);
    }

    public static Intake refused(Refusal why, String message) {
      return new Intake(Optional.of(why), message);
    }

    public boolean accepted() {
      return refusal.isEmpty();
    }
  }

  /** Opens (and migrates) the database; {@code user} and {@code password} may be null. */
  public static ReportStore open(String jdbcUrl, String user, String password) throws StoreException {
    if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("database URL '" + redact(jdbcUrl) + "' is neither jdbc:sqlite:FILE"
          + " nor jdbc:postgresql://HOST/DB");
    }
    Properties credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    ReportStore store = new ReportStore(jdbcUrl, credentials);
    try {
      Flyway.configure().loggers("slf4j").dataSource(jdbcUrl, user, password).locations("classpath:db/migration")
          .load().migrate();
      store.connection();
    } catch (FlywayException | SQLException e) {
      throw new StoreException("cannot open the report database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
    return store;
  }

  /** SQLite: the database file as a URL. */
  public static String sqliteUrl(java.nio.file.Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  private Connection connection() throws SQLException {
    if (connection != null && !connection.isClosed()) {
      return connection;
    }
    Connection c = DriverManager.getConnection(url, credentials);
    if (url.startsWith("jdbc:sqlite:")) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=10000");
      }
    }
    c.setAutoCommit(false);
    connection = c;
    return c;
  }

  /**
   * Enrolls (or re-keys) a device named in a pre-shared list. Its sequence is kept, so a re-keyed
   * device cannot replay old reports.
   */
  public synchronized void enroll(String deviceId, DevicePublicKey key, Instant now) throws StoreException {
    inTransaction("enrolling " + deviceId, c -> {
      try (PreparedStatement up = c.prepareStatement("UPDATE devices SET public_key = ? WHERE device_id = ?")) {
        up.setString(1, key.toString());
        up.setString(2, deviceId);
        if (up.executeUpdate() == 0) {
          insertDevice(c, deviceId, key, "preshared", now);
        }
      }
      return null;
    });
  }

  /**
   * Stores {@code report} unless it replays one already accepted; {@code firstUse} enrolls an
   * unknown device with the key that signed its first report. The caller has checked the
   * signature. Accepted means committed.
   *
   * <p>Group commit: reports offered while another batch is being written wait for it, then go
   * together in one transaction (each under its own savepoint, so a refused one changes nothing),
   * so one disk sync serves many concurrent reports. Each caller still returns only after the
   * commit that holds its report.
   */
  public Intake accept(SignedReport signed, Instant now, boolean firstUse) throws StoreException {
    Pending mine = new Pending(signed, now, firstUse, new CompletableFuture<>());
    pending.add(mine);
    synchronized (this) {
      while (!mine.result().isDone()) {
        List<Pending> batch = new ArrayList<>();
        pending.drainTo(batch, MAX_BATCH);
        commitBatch(batch);
      }
    }
    Intake intake;
    try {
      intake = mine.result().join();
    } catch (java.util.concurrent.CompletionException e) {
      throw (StoreException) e.getCause();
    }
    intake.refusal().ifPresent(this::countQuietly);
    return intake;
  }

  /** The most reports written in one transaction. */
  private static final int MAX_BATCH = 512;

  private record Pending(SignedReport signed, Instant now, boolean firstUse, CompletableFuture<Intake> result) {}

  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();

  /** Writes {@code batch} in one transaction and completes each report's result (all fail together). */
  private void commitBatch(List<Pending> batch) {
    Connection c = null;
    List<Intake> results = new ArrayList<>(batch.size());
    try {
      c = connection();
      for (Pending p : batch) {
        Savepoint before = c.setSavepoint();
        Intake intake = store(c, p.signed(), p.now(), p.firstUse());
        if (intake.accepted()) {
          c.releaseSavepoint(before);
        } else {
          c.rollback(before);
        }
        results.add(intake);
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      rollBackAfter(c, e);
      StoreException failed = new StoreException("storing " + batch.size() + " report(s) in " + redact(url)
          + " failed: " + e.getMessage(), e);
      batch.forEach(p -> p.result().completeExceptionally(failed));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  /** One report's writes, inside the batch's transaction; a refusal is returned before or after writing. */
  private static Intake store(Connection c, SignedReport signed, Instant now, boolean firstUse) throws SQLException {
    HealthReport r = signed.report();
    Optional<String> enrolledKey = keyOf(c, r.deviceId());
    if (enrolledKey.isEmpty()) {
      if (!firstUse) {
        return Intake.refused(Refusal.UNENROLLED, "device " + r.deviceId() + " is not enrolled");
      }
      insertDevice(c, r.deviceId(), signed.publicKey(), "first-use", now);
    } else if (!enrolledKey.get().equals(signed.publicKey().toString())) {
      return Intake.refused(Refusal.FORGED, "device " + r.deviceId() + " is enrolled with another key");
    }
    try (PreparedStatement seq = c.prepareStatement(
        "UPDATE devices SET last_sequence = ? WHERE device_id = ? AND last_sequence < ?")) {
      seq.setLong(1, r.sequence());
      seq.setString(2, r.deviceId());
      seq.setLong(3, r.sequence());
      if (seq.executeUpdate() == 0) {
        return Intake.refused(Refusal.REPLAYED, "sequence " + r.sequence() + " of device " + r.deviceId()
            + " is not above the last accepted one");
      }
    }
    if (exists(c, "SELECT 1 FROM reports WHERE report_id = ?", r.reportId())) {
      return Intake.refused(Refusal.REPLAYED, "report " + r.reportId() + " was already accepted");
    }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO reports (report_id, device_id, sequence,"
        + " rollout_id, stage, outcome, received_at, envelope) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ins.setString(1, r.reportId());
      ins.setString(2, r.deviceId());
      ins.setLong(3, r.sequence());
      ins.setString(4, r.rollout().map(HealthReport.RolloutPosition::id).orElse(null));
      ins.setString(5, r.rollout().map(HealthReport.RolloutPosition::stage).orElse(null));
      ins.setString(6, r.outcome().label());
      ins.setString(7, now.toString());
      ins.setString(8, new String(signed.toJson(), StandardCharsets.UTF_8));
      ins.executeUpdate();
    }
    return Intake.accepted(r.reportId());
  }

  /** Adds one to the count of {@code why}. */
  public synchronized void count(Refusal why) throws StoreException {
    inTransaction("counting a refusal", c -> {
      try (PreparedStatement up = c.prepareStatement("INSERT INTO refusals (reason, total) VALUES (?, 1)"
          + " ON CONFLICT (reason) DO UPDATE SET total = refusals.total + 1")) {
        up.setString(1, why.label());
        up.executeUpdate();
      }
      return null;
    });
  }

  private void countQuietly(Refusal why) {
    try {
      count(why);
    } catch (StoreException e) {
      // The refusal stands whether or not it could be counted; the count is a statistic.
      System.err.println("collector: could not count a refusal (" + why.label() + "): " + e.getMessage());
    }
  }

  /** Refusals so far, per reason (every reason listed, zero included). */
  public synchronized Map<Refusal, Long> refusals() throws StoreException {
    return inTransaction("reading refusals", c -> {
      Map<Refusal, Long> out = new LinkedHashMap<>();
      for (Refusal r : Refusal.values()) {
        out.put(r, 0L);
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT reason, total FROM refusals")) {
        while (rs.next()) {
          for (Refusal r : Refusal.values()) {
            if (r.label().equals(rs.getString(1))) {
              out.put(r, rs.getLong(2));
            }
          }
        }
      }
      return out;
    });
  }

  /** Every accepted report of {@code rolloutId}, as signed envelopes, by device and sequence. */
  public List<SignedReport> reports(String rolloutId) throws StoreException {
    return reports(rolloutId, Optional.empty());
  }

  /** As above, only those on {@code stage} when one is given (what a gate on that stage is judged by). */
  public synchronized List<SignedReport> reports(String rolloutId, Optional<String> stage) throws StoreException {
    return inTransaction("reading reports of " + rolloutId, c -> {
      List<SignedReport> out = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement("SELECT envelope FROM reports WHERE rollout_id = ?"
          + (stage.isPresent() ? " AND stage = ?" : "") + " ORDER BY device_id, sequence")) {
        q.setString(1, rolloutId);
        if (stage.isPresent()) {
          q.setString(2, stage.get());
        }
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            out.add(SignedReport.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
          }
        }
      }
      return out;
    });
  }

  /** How many reports are stored in all. */
  public synchronized long reportCount() throws StoreException {
    return inTransaction("counting reports", c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reports")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** The ids of rollouts with at least one report. */
  public synchronized Set<String> rollouts() throws StoreException {
    return strings("SELECT DISTINCT rollout_id FROM reports WHERE rollout_id IS NOT NULL");
  }

  /** Every enrolled device id. */
  public synchronized Set<String> devices() throws StoreException {
    return strings("SELECT device_id FROM devices");
  }

  private Set<String> strings(String query) throws StoreException {
    return inTransaction("reading", c -> {
      Set<String> out = new TreeSet<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  private static Optional<String> keyOf(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT public_key FROM devices WHERE device_id = ?")) {
      q.setString(1, deviceId);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static boolean exists(Connection c, String query, String value) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(query)) {
      q.setString(1, value);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insertDevice(Connection c, String deviceId, DevicePublicKey key, String by, Instant now)
      throws SQLException {
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO devices (device_id, public_key, enrolled_by,"
        + " enrolled_at, last_sequence) VALUES (?, ?, ?, ?, 0)")) {
      ins.setString(1, deviceId);
      ins.setString(2, key.toString());
      ins.setString(3, by);
      ins.setString(4, now.toString());
      ins.executeUpdate();
    }
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  private <T> T inTransaction(String what, Work<T> work) throws StoreException {
    Connection c = null;
    try {
      c = connection();
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollBackAfter(c, e);
      throw new StoreException(what + " in " + redact(url) + " failed: " + e.getMessage(), e);
    }
  }

  private void rollBackAfter(Connection c, Exception cause) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
      // The connection is unusable; the next call opens a new one.
      closeQuietly(cause);
    }
  }

  private void closeQuietly(Exception cause) {
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    connection = null;
  }

  /** The URL without its query, which may carry a password. */
  static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  @Override
  public synchronized void close() throws StoreException {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing " + redact(url) + " failed: " + e.getMessage(), e);
    } finally {
      connection = null;
    }
  }
}
