package dev.tollgate.repo.testing;

import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.MetaFile;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.Snapshot;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks what a reader would see in a repository folder right now: every root version signed by
 * its predecessor and itself, timestamp → snapshot → every targets role present at the listed
 * version and signed by its delegator's keys. Returns the number of targets reachable.
 */
public final class ChainCheck {
  private ChainCheck() {}

  public static int verify(Path repo) throws Exception {
    Path meta = repo.resolve("metadata");
    Metadata<Root> root = Metadata.fromBytes(Files.readAllBytes(meta.resolve("1.root.json")), Root.class, "root");
    root.signed().verifyDelegate("root", root);
    for (long v = 2; Files.exists(meta.resolve(v + ".root.json")); v++) {
      Metadata<Root> next = Metadata.fromBytes(Files.readAllBytes(meta.resolve(v + ".root.json")), Root.class, "root");
      root.signed().verifyDelegate("root", next);
      next.signed().verifyDelegate("root", next);
      root = next;
    }
    Metadata<Timestamp> ts = Metadata.fromBytes(Files.readAllBytes(meta.resolve("timestamp.json")), Timestamp.class,
        "timestamp");
    root.signed().verifyDelegate("timestamp", ts);
    long sv = ts.signed().snapshotMeta().version();
    Metadata<Snapshot> snap = Metadata.fromBytes(Files.readAllBytes(meta.resolve(sv + ".snapshot.json")),
        Snapshot.class, "snapshot");
    root.signed().verifyDelegate("snapshot", snap);
    Map<String, Metadata<Targets>> roles = new HashMap<>();
    for (Map.Entry<String, MetaFile> e : snap.signed().meta().entrySet()) {
      String role = e.getKey().substring(0, e.getKey().length() - 5);
      Metadata<Targets> t = Metadata.fromBytes(Files.readAllBytes(meta.resolve(e.getValue().version() + "." + role + ".json")),
          Targets.class, role);
      if (t.signed().version() != e.getValue().version()) {
        throw new AssertionError(role + " version mismatch");
      }
      roles.put(role, t);
    }
    root.signed().verifyDelegate("targets", roles.get("targets"));
    int count = 0;
    Deque<String> todo = new ArrayDeque<>();
    todo.add("targets");
    while (!todo.isEmpty()) {
      String r = todo.pop();
      Targets t = roles.get(r).signed();
      count += t.targets().size();
      if (t.delegations() == null) {
        continue;
      }
      var names = t.delegations().roles() != null
          ? t.delegations().roles().stream().map(d -> d.name()).toList()
          : t.delegations().succinctRoles().roleNames();
      for (String child : names) {
        Metadata<Targets> c = roles.get(child);
        if (c == null) {
          throw new AssertionError("delegated role " + child + " missing from snapshot");
        }
        t.verifyDelegate(child, c);
        todo.add(child);
      }
    }
    return count;
  }
}
