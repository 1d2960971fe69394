package dev.tollgate.fleet.collector;

import dev.tollgate.fleet.RolloutHealth;
import dev.tollgate.fleet.RolloutHealth.StageHealth;
import dev.tollgate.fleet.collector.DecisionLog.Decision;
import dev.tollgate.fleet.collector.DecisionLog.RolloutRecord;
import dev.tollgate.fleet.store.Refusal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The release engineer's page, rendered on the server as plain HTML (no script; it reloads itself
 * every {@value #REFRESH_SECONDS} s). Every value that came from a report, the store or the log is
 * escaped before it is written. Health per stage is the collector's own count of the reports it
 * verified; decisions and the halted state come only from the repository's provenance log.
 */
final class ReleasePage {
  static final int REFRESH_SECONDS = 30;

  /** The stylesheet, served by the collector itself at {@code /page.css}. */
  static final String CSS = """
      body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
      h1 { font-size: 1.4rem; }
      section.rollout { border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
      .state { font-size: 0.8rem; padding: 0.1rem 0.5rem; border-radius: 4px; margin-left: 0.5rem; }
      .state.halted { background: #b00020; color: #fff; }
      .state.running { background: #1b5e20; color: #fff; }
      table { border-collapse: collapse; margin: 0.5rem 0; }
      th, td { border: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
      td.num { text-align: right; }
      .note, .source { color: #555; font-size: 0.9rem; }
      .problem { color: #b00020; }
      """;

  private ReleasePage() {}

  /** What the page shows of one rollout: the collector's counts and, when the log has any, its decisions. */
  record Shown(String rolloutId, Optional<RolloutHealth> health, Optional<RolloutRecord> recorded) {}

  /**
   * Renders the page. {@code decisionSource} says where decisions come from, or why none are shown
   * ({@code decisionProblem}, e.g. a log that failed its audit).
   */
  static String render(List<Shown> rollouts, Map<Refusal, Long> refusals, String decisionSource,
      Optional<String> decisionProblem) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
        .append("<title>Tollgate rollouts</title><link rel=\"stylesheet\" href=\"/page.css\"></head>\n<body>\n")
        .append("<h1>Rollouts</h1>\n<p class=\"source\" id=\"decision-source\">Decisions: ")
        .append(escape(decisionSource)).append("</p>\n");
    decisionProblem.ifPresent(p -> h.append("<p class=\"problem\" id=\"decision-problem\">No decisions shown: ")
        .append(escape(p)).append("</p>\n"));
    if (rollouts.isEmpty()) {
      h.append("<p class=\"note\" id=\"no-rollouts\">No reports and no recorded decisions yet.</p>\n");
    }
    for (Shown s : rollouts) {
      rollout(h, s);
    }
    h.append("<h2>Refused reports</h2>\n<table id=\"refusals\"><tr>");
    refusals.keySet().forEach(r -> h.append("<th>").append(escape(r.label())).append("</th>"));
    h.append("</tr><tr>");
    refusals.forEach((r, n) -> h.append("<td class=\"num\" data-refusal=\"").append(escape(r.label())).append("\">")
        .append(n).append("</td>"));
    h.append("</tr></table>\n</body></html>\n");
    return h.toString();
  }

  private static void rollout(StringBuilder h, Shown s) {
    boolean halted = s.recorded().map(RolloutRecord::halted).orElse(false);
    String id = escape(s.rolloutId());
    h.append("<section class=\"rollout\" data-rollout=\"").append(id).append("\" data-state=\"")
        .append(halted ? "halted" : "running").append("\">\n<h2>").append(id)
        .append(halted ? "<span class=\"state halted\">HALTED</span>" : "<span class=\"state running\">running</span>")
        .append("</h2>\n");
    s.recorded().ifPresent(r -> h.append("<p class=\"release\">Release ").append(escape(r.release())).append("</p>\n"));
    h.append("<table class=\"stages\"><tr><th>Stage</th><th>Admits</th><th>Eligible</th><th>Reporting</th>")
        .append("<th>Healthy</th><th>Failed</th><th>Rolled back</th><th>Refused</th><th>Failure rate</th></tr>\n");
    for (StageHealth st : s.health().map(RolloutHealth::stages).orElse(List.of())) {
      h.append("<tr data-stage=\"").append(escape(st.stage())).append("\"><td>").append(escape(st.stage()))
          .append("</td><td class=\"num\">").append(percent(st.threshold(), 10000)).append("</td>");
      for (int n : new int[] {st.eligible(), st.reporting(), st.healthy(), st.failed(), st.rolledBack(),
          st.refused()}) {
        h.append("<td class=\"num\">").append(n).append("</td>");
      }
      h.append("<td class=\"num failure-rate\">")
          .append(st.reporting() == 0 ? "–" : percent(st.reporting() - st.healthy(), st.reporting()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    List<Decision> decisions = s.recorded().map(RolloutRecord::decisions).orElse(List.of());
    if (decisions.isEmpty()) {
      h.append("<p class=\"note\">No decisions recorded for this rollout.</p>\n");
    } else {
      h.append("<table class=\"decisions\"><tr><th>Log #</th><th>Time</th><th>Action</th><th>Outcome</th>")
          .append("<th>Stage</th><th>Why</th></tr>\n");
      for (Decision d : decisions) {
        h.append("<tr class=\"decision\" data-action=\"").append(escape(d.action())).append("\" data-outcome=\"")
            .append(escape(d.outcome())).append("\"><td class=\"num\">").append(d.index()).append("</td><td>")
            .append(escape(d.time().toString())).append("</td><td>").append(escape(d.action())).append("</td><td>")
            .append(escape(d.outcome())).append("</td><td>").append(escape(d.stage().orElse(""))).append("</td>")
            .append("<td class=\"reason\">").append(escape(d.reason())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</section>\n");
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** HTML-escapes text for element content and double- or single-quoted attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
