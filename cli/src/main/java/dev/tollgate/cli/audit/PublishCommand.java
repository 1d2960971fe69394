package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogAudit;
import dev.tollgate.provenance.tiles.TilePublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a verified log as C2SP tlog-tiles into a folder that a plain web server serves as is. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Verify LOG exactly as 'audit verify' does (exit 1 if it fails), then write its latest signed checkpoint"
          + " and its tree as C2SP tlog-tiles into FOLDER: checkpoint, tile/<L>/<N>[.p/<W>] and"
          + " tile/entries/<N>[.p/<W>]. Any tlog-tiles client (for example Go's golang.org/x/mod/sumdb/tlog)"
          + " can then verify inclusion and consistency from the files alone.",
      "Publishing again writes only new tiles; full tiles of the served tree are never rewritten, and"
          + " checkpoint is replaced last."
          + " A log whose checkpoint does not extend the one FOLDER already serves (smaller, or a different"
          + " history) is refused with exit 1 and nothing is written."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit publish /var/lib/tollgate/provenance /srv/tlog/host-17 --key @/etc/tollgate/log.vkey"})
final class PublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory (an endpoint's or the repository's).")
  Path log;

  @Parameters(index = "1", paramLabel = "FOLDER", description = "Folder to publish into (created if absent).")
  Path folder;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @Option(names = "--accept-unsigned-tail", description = "Do not fail on records after the latest signed"
      + " checkpoint. They are never published: the tiles cover the latest checkpoint's tree only.")
  boolean acceptUnsignedTail;

  @Option(names = "--json", description = "Print what was written as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TilePublisher.Result r;
    try {
      r = TilePublisher.publish(log, Keys.verifier(key),
          acceptUnsignedTail ? LogAudit.UnsignedTail.ACCEPT : LogAudit.UnsignedTail.REFUSE, folder);
    } catch (AuditException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("treeSize", r.checkpoint().size());
      m.put("rootHash", r.checkpoint().rootBase64());
      m.put("previousTreeSize", r.previous().map(c -> (Object) c.size()).orElse(null));
      m.put("tilesWritten", r.tilesWritten());
      m.put("tilesUnchanged", r.tilesUnchanged());
      m.put("tilesReplaced", r.tilesReplaced());
      m.put("checkpointWritten", r.checkpointWritten());
      new JsonOut().print(out, m);
    } else {
      out.println("published tree size " + r.checkpoint().size() + " (root " + r.checkpoint().rootBase64() + ")"
          + r.previous().map(c -> ", extending tree size " + c.size()).orElse("") + " to " + folder);
      out.println("tiles written: " + r.tilesWritten() + ", unchanged: " + r.tilesUnchanged()
          + ", replaced: " + r.tilesReplaced()
          + (r.checkpointWritten() ? "; checkpoint replaced" : "; checkpoint unchanged"));
    }
    out.flush();
    return 0;
  }
}
