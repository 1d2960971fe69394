package dev.tollgate.witness;

import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Child process for {@link KilledWitnessTest}: serves a witness on a state folder and prints
 * {@code listening URL}, then {@code stored SIZE ROOT} each time a checkpoint is on disk (before its
 * cosignature is returned), until killed.
 */
public final class ServeUntilKilled {
  private ServeUntilKilled() {}

  public static void main(String[] args) throws Exception {
    WitnessKey key = WitnessKey.read(Path.of(args[1]));
    Witness witness = new Witness(key, List.of(VerifierKey.parse(args[2])), new WitnessState(Path.of(args[0])),
        Clock.systemUTC(), c -> {
          System.out.println("stored " + c.size() + " " + c.rootBase64());
          System.out.flush();
        });
    WitnessServer server = WitnessServer.start("127.0.0.1", 0, witness, System.err);
    System.out.println("listening " + server.submissionPrefix());
    System.out.flush();
    server.join();
  }
}
