package dev.tollgate.updater.report;

import dev.tollgate.fleet.DeviceKey;
import dev.tollgate.fleet.HealthReport;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.HealthReport.RolloutPosition;
import dev.tollgate.fleet.SignedReport;
import dev.tollgate.fleet.TpmQuote;
import dev.tollgate.release.BundleKind;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.TrackedBundle;
import dev.tollgate.updater.install.UpdateEvent;
import dev.tollgate.updater.install.UpdateEvents;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an update's events into report drafts: a commit is a healthy install, a rollback a rolled
 * back one, a refused verification or download a refusal (named by its check), a failed download
 * a failure. Drafts stay in memory until {@link #seal}, which runs after the provenance log's
 * checkpoint is signed, so every report can name a checkpoint that covers its own record.
 * Recording never throws: reporting must not change the outcome of an update.
 */
public final class HealthReporter implements UpdateEvents {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EndpointConfig config;
  private final Map<String, UpdateEvent> selected = new HashMap<>();
  private final List<Draft> drafts = new ArrayList<>();

  private record Draft(UpdateEvent event, Optional<UpdateEvent> selection, Outcome outcome, Optional<String> check) {}

  /** Reports on the bundles {@code config} tracks, for the device each event names. */
  public HealthReporter(EndpointConfig config) {
    this.config = config;
  }

  @Override
  public void record(UpdateEvent e) {
    boolean refused = e.outcome() == UpdateEvent.Outcome.REFUSED;
    switch (e.action()) {
      case SELECT -> selected.put(e.subject().name(), e);
      case COMMIT -> draft(e, Outcome.HEALTHY, Optional.empty());
      case ROLLBACK -> draft(e, Outcome.ROLLED_BACK, Optional.empty());
      case VERIFY -> draft(e, Outcome.REFUSED,
          Optional.of(e.evidence().getOrDefault(UpdateEvent.CHECK, UpdateEvent.Action.VERIFY.label())));
      case DOWNLOAD -> draft(e, refused ? Outcome.REFUSED : Outcome.FAILED,
          refused ? Optional.of(UpdateEvent.Action.DOWNLOAD.label()) : Optional.empty());
      default -> { }
    }
  }

  private void draft(UpdateEvent e, Outcome outcome, Optional<String> check) {
    UpdateEvent.Subject s = e.subject();
    if (s.version().isPresent() && s.sha256().isPresent()) {
      drafts.add(new Draft(e, Optional.ofNullable(selected.get(s.name()))
          .filter(sel -> sel.subject().version().equals(s.version())), outcome, check));
    }
  }

  /** How many reports this run has drafted so far. */
  public int drafted() {
    return drafts.size();
  }

  /** What {@link #seal} did: reports queued, old ones dropped for the bound, and what went wrong on the way. */
  public record Sealed(int queued, int dropped, List<String> problems) {}

  /** Asks the TPM for a quote over a report's hash; {@link #NONE} when the endpoint has no TPM block. */
  @FunctionalInterface
  public interface Quoter {
    Quoter NONE = nonce -> Optional.empty();

    Optional<TpmQuote> quote(byte[] nonce) throws IOException;
  }

  /** {@link #seal(Optional, DeviceKey, ReportQueue, Quoter)} without TPM quotes. */
  public Sealed seal(Optional<String> checkpoint, DeviceKey key, ReportQueue queue) throws IOException {
    return seal(checkpoint, key, queue, Quoter.NONE);
  }

  /**
   * Signs every draft, stamped with {@code checkpoint} (the provenance log's, if any) and quoted by
   * {@code quoter}, and queues it. A draft that cannot become a valid report is skipped, and a
   * quote the TPM cannot give is left out; both are said, and neither keeps the others from being
   * sent.
   */
  public Sealed seal(Optional<String> checkpoint, DeviceKey key, ReportQueue queue, Quoter quoter)
      throws IOException {
    int queued = 0;
    int dropped = 0;
    List<String> problems = new ArrayList<>();
    for (Draft d : drafts) {
      String what = d.event().action().label() + " of " + d.event().subject().name();
      HealthReport report;
      try {
        report = report(d, queue.nextSequence(), checkpoint);
      } catch (RuntimeException e) {
        problems.add("no report for " + what + ": " + e.getMessage());
        continue;
      }
      Optional<TpmQuote> quote = Optional.empty();
      try {
        quote = quoter.quote(SignedReport.quoteNonce(report));
      } catch (IOException | RuntimeException e) {
        problems.add("no TPM quote for the report on " + what + ": " + e.getMessage());
      }
      dropped += queue.add(SignedReport.sign(report, key, quote));
      queued++;
    }
    drafts.clear();
    return new Sealed(queued, dropped, problems);
  }

  private HealthReport report(Draft d, long sequence, Optional<String> checkpoint) {
    UpdateEvent e = d.event();
    UpdateEvent.Subject s = e.subject();
    Optional<RolloutPosition> position = d.selection().flatMap(sel -> position(sel));
    return new HealthReport(reportId(), e.deviceId(), sequence, kindOf(s.name(), d.selection()), s.name(),
        s.version().orElseThrow(), s.sha256().orElseThrow(), position, d.outcome(), d.check(),
        bounded(e.reason()), e.time(), checkpoint.filter(c -> c.length() <= HealthReport.MAX_CHECKPOINT));
  }

  private static Optional<RolloutPosition> position(UpdateEvent select) {
    Map<String, String> ev = select.evidence();
    Optional<String> rolloutId = select.subject().rolloutId();
    if (rolloutId.isEmpty() || !ev.containsKey(UpdateEvent.ROLLOUT_STAGE)) {
      return Optional.empty();
    }
    return Optional.of(new RolloutPosition(rolloutId.get(), ev.get(UpdateEvent.ROLLOUT_STAGE),
        Integer.parseInt(ev.get(UpdateEvent.ROLLOUT_THRESHOLD)), Integer.parseInt(ev.get(UpdateEvent.ROLLOUT_BUCKET))));
  }

  private BundleKind kindOf(String name, Optional<UpdateEvent> selection) {
    Optional<String> stated = selection.map(s -> s.evidence().get(UpdateEvent.KIND));
    if (stated.isPresent()) {
      return BundleKind.parse(stated.get());
    }
    return config.bundles().stream().filter(b -> b.name().equals(name)).map(TrackedBundle::kind).findFirst()
        .orElseThrow(() -> new IllegalStateException("event for untracked bundle " + name));
  }

  /** The reason as a report may carry it: at most 1024 characters, control characters as spaces. */
  static String bounded(String reason) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < reason.length() && out.length() < HealthReport.MAX_REASON; i++) {
      char c = reason.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return out.toString();
  }

  private static String reportId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
