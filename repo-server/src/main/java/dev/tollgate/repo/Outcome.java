package dev.tollgate.repo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What a repository command did: published (with the new version of every role it wrote), staged
 * awaiting signatures (with what is missing), or nothing to do.
 *
 * @param state PUBLISHED, STAGED or UNCHANGED
 * @param summary one line for people
 * @param versions role → version written (published or staged)
 * @param missingSignatures per role, what it still needs (empty unless STAGED)
 * @param signingKeyIds role → the key ids whose signatures on the version written met its
 *     threshold, sorted (empty unless PUBLISHED): who let the change in, for the provenance log
 */
public record Outcome(State state, String summary, Map<String, Long> versions, List<String> missingSignatures,
    Map<String, java.util.SortedSet<String>> signingKeyIds) {
  public enum State { PUBLISHED, STAGED, UNCHANGED }

  public Outcome {
    versions = Map.copyOf(versions);
    missingSignatures = List.copyOf(missingSignatures);
    signingKeyIds = Map.copyOf(signingKeyIds);
  }

  public Outcome(State state, String summary, Map<String, Long> versions, List<String> missingSignatures) {
    this(state, summary, versions, missingSignatures, Map.of());
  }

  static Outcome unchanged(String summary) {
    return new Outcome(State.UNCHANGED, summary, Map.of(), List.of());
  }

  public boolean published() {
    return state == State.PUBLISHED;
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    n.put("summary", summary);
    ObjectNode v = n.putObject("versions");
    new java.util.TreeMap<>(versions).forEach(v::put);
    var m = n.putArray("missing_signatures");
    missingSignatures.forEach(m::add);
    return n;
  }
}
