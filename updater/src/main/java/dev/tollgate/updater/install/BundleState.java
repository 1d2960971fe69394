package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.release.ReleaseVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The remembered facts of one tracked bundle ({@code state.json} in its folder): the security
 * floor, installed slots, versions marked bad locally (with why) or seen revoked, whether the
 * bundle is stopped, and the outcome of the last check. Saved with write-then-rename, so a kill
 * leaves the old or the new file. Only {@link BundleStore} saves it; outside this package it is a
 * read-only view.
 *
 * <p><b>Stopped</b> ({@code "stopped": {"since": ..., "reason": ...}}): a rollback found no kept
 * slot this endpoint may run, every one being revoked, marked bad or below the floor (see
 * {@link #refusal}), so {@code current} was removed and nothing of the bundle runs. The next
 * release that installs and passes its health check ends the stop.
 */
public final class BundleState {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private long floor;
  private final Map<String, SlotRecord> slots = new LinkedHashMap<>();
  private final TreeMap<String, String> bad = new TreeMap<>();
  private final TreeSet<String> revoked = new TreeSet<>();
  private Instant lastCheck;
  private String lastError;
  private JsonNode lastRollout;
  private Stopped stopped;

  BundleState() {}

  /** Since when and why the bundle runs nothing; see the class comment. */
  public record Stopped(Instant since, String reason) {
    public Stopped {
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Reads {@code file}, or returns an empty state when it does not exist yet. */
  public static BundleState load(Path file) throws IOException {
    BundleState s = new BundleState();
    JsonNode n;
    try {
      n = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return s;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": state file is corrupt: " + e.getOriginalMessage(), e);
    }
    try {
      s.read(n);
    } catch (RuntimeException e) {
      // Never start over from an empty state: that would forget the floor and the bad versions.
      throw new IOException(file + ": state file is corrupt: " + e.getMessage(), e);
    }
    return s;
  }

  private void read(JsonNode n) {
    floor = n.path("floor").asLong(0);
    for (JsonNode r : n.path("slots")) {
      SlotRecord rec = new SlotRecord(r.path("slot").asText(), r.path("version").asText(),
          r.path("sha256").asText(), r.path("security_version").asLong(),
          SlotRecord.Status.of(r.path("slot").asText(), r.path("status").asText()),
          Instant.parse(r.path("installed").asText()), r.path("rollout_id").asText(null),
          r.path("security_version_attested").asBoolean(false));
      slots.put(rec.slot(), rec);
    }
    JsonNode reasons = n.path("bad_reasons");
    n.path("bad").forEach(v -> bad.put(ReleaseVersion.validate(v.asText()), reasons.path(v.asText()).asText("")));
    n.path("revoked").forEach(v -> revoked.add(ReleaseVersion.validate(v.asText())));
    lastCheck = n.hasNonNull("last_check") ? Instant.parse(n.get("last_check").asText()) : null;
    lastError = n.hasNonNull("last_error") ? n.get("last_error").asText() : null;
    lastRollout = n.hasNonNull("rollout") ? n.get("rollout") : null;
    JsonNode stop = n.path("stopped");
    stopped = stop.isObject() ? new Stopped(Instant.parse(stop.path("since").asText()),
        stop.path("reason").asText()) : null;
  }

  /** Writes the state durably to {@code file}. */
  void save(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(toJson()));
  }

  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("floor", floor);
    var arr = o.putArray("slots");
    for (SlotRecord r : slots.values()) {
      ObjectNode so = arr.addObject();
      so.put("slot", r.slot());
      so.put("version", r.version());
      so.put("sha256", r.sha256());
      so.put("security_version", r.securityVersion());
      so.put("security_version_attested", r.securityVersionAttested());
      so.put("status", r.status().label());
      so.put("installed", r.installed().toString());
      if (r.rolloutId() != null) {
        so.put("rollout_id", r.rolloutId());
      }
    }
    bad.keySet().forEach(o.putArray("bad")::add);
    ObjectNode reasons = o.putObject("bad_reasons");
    bad.forEach(reasons::put);
    revoked.forEach(o.putArray("revoked")::add);
    o.put("last_check", lastCheck == null ? null : lastCheck.toString());
    o.put("last_error", lastError);
    o.set("rollout", lastRollout);
    if (stopped != null) {
      o.putObject("stopped").put("since", stopped.since().toString()).put("reason", stopped.reason());
    }
    return o;
  }

  public long floor() {
    return floor;
  }

  /** Raises the floor; it never goes down. Only attested security_versions are passed here. */
  void raiseFloor(long securityVersion) {
    floor = Math.max(floor, securityVersion);
  }

  public Optional<SlotRecord> slot(String name) {
    return Optional.ofNullable(slots.get(name));
  }

  void putSlot(SlotRecord r) {
    slots.put(r.slot(), r);
  }

  void removeSlot(String name) {
    slots.remove(name);
  }

  /** Slots, oldest install first. */
  public List<SlotRecord> slots() {
    List<SlotRecord> l = new ArrayList<>(slots.values());
    l.sort((a, b) -> a.installed().compareTo(b.installed()));
    return Collections.unmodifiableList(l);
  }

  public boolean isBad(String version) {
    return bad.containsKey(version);
  }

  /** Marks {@code version} bad here, keeping the first reason if it already is. */
  void markBad(String version, String reason) {
    bad.putIfAbsent(ReleaseVersion.validate(version), Objects.requireNonNull(reason, "reason"));
  }

  public boolean isRevoked(String version) {
    return revoked.contains(version);
  }

  void markRevoked(String version) {
    revoked.add(version);
  }

  /** Versions marked bad here. */
  public java.util.Set<String> bad() {
    return Collections.unmodifiableSet(bad.keySet());
  }

  /** Versions marked bad here and why ({@code ""} when an older state file did not say). */
  public Map<String, String> badReasons() {
    return Collections.unmodifiableMap(bad);
  }

  /**
   * Why this endpoint may not run {@code slot} again, if it may not: its release was revoked, its
   * version is marked bad here, or its security_version is below the floor. The phrase follows the
   * version: "1.0.0 was revoked".
   */
  public Optional<String> refusal(SlotRecord slot) {
    if (isRevoked(slot.version())) {
      return Optional.of("was revoked");
    }
    if (isBad(slot.version())) {
      String why = bad.get(slot.version());
      return Optional.of("is marked bad here" + (why.isEmpty() ? "" : " (" + why + ")"));
    }
    if (slot.securityVersion() < floor) {
      return Optional.of("has security_version " + slot.securityVersion() + ", below the floor " + floor);
    }
    return Optional.empty();
  }

  public Optional<Stopped> stopped() {
    return Optional.ofNullable(stopped);
  }

  /** Records that the bundle runs nothing since {@code at}, and why. */
  void stop(Instant at, String reason) {
    stopped = new Stopped(at, reason);
  }

  /** Ends a stop: a version runs again. */
  void resume() {
    stopped = null;
  }

  void checked(Instant at, String error) {
    lastCheck = at;
    lastError = error;
  }

  public Optional<Instant> lastCheck() {
    return Optional.ofNullable(lastCheck);
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** The rollout decision of the last check: id, stage, bucket, eligible, reason. */
  void rollout(JsonNode decision) {
    lastRollout = decision;
  }

  public Optional<JsonNode> rollout() {
    return Optional.ofNullable(lastRollout);
  }
}
