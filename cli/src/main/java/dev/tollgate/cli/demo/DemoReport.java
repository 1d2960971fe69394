package dev.tollgate.cli.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo showed, step by step, for the narrative's closing lines and for the test that
 * runs the demo: which endpoints installed the canary and which did not, whether the roll-back
 * kept the old version running, why every endpoint refused the tampered target, and whether the
 * audit checks passed. Skipped steps are listed with the reason, never counted as passes.
 */
final class DemoReport {
  final Map<String, String> canaryInstalled = new LinkedHashMap<>();
  final Map<String, String> canaryNotEligible = new LinkedHashMap<>();
  /** Endpoint → the update's roll-back message (health check output). */
  final Map<String, String> rolledBack = new LinkedHashMap<>();
  final Map<String, String> tamperRefusals = new LinkedHashMap<>();
  /** Endpoint → what its update did with the failing agent of the steering step. */
  final Map<String, String> badAgentOutcomes = new LinkedHashMap<>();
  /** What {@code rollout steer} decided for that agent's rollout, and why. */
  String steerDecision = "";
  String steerReason = "";
  /** Whether the collector's page then showed the rollout halted. */
  boolean pageShowsHalted;
  boolean auditVerified;
  boolean proofChecked;
  /** The exported record and its proof, side by side. */
  java.nio.file.Path provenRecord;
  final List<String> skipped = new ArrayList<>();
  final List<String> published = new ArrayList<>();
  /** Outcomes that contradict what the step must show (e.g. a tampered target accepted). */
  final List<String> failures = new ArrayList<>();

  List<String> failures() {
    return List.copyOf(failures);
  }

  void skip(String step, String why) {
    skipped.add(step + ": " + why);
  }
}
