package dev.tollgate.bench.witness;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.merkle.FrontierRoot;
import dev.tollgate.provenance.merkle.HashReader;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.MerkleTree;
import dev.tollgate.provenance.merkle.StoredHashes;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.AddCheckpointRequest;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessState;
import dev.tollgate.witness.WitnessClient;
import dev.tollgate.witness.WitnessServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Usage: WitnessBench DIR [REQUESTS] [CLIENTS]. Serves one witness on loopback (state under DIR, which
 * must not exist) and prints one "name value" line per figure: add-checkpoint requests per second from
 * one client (each request one more record, proof from the last size), from CLIENTS clients each
 * submitting its own log, and from CLIENTS clients re-submitting one log's checkpoint (one lock). Every
 * cosigned request writes the witness state durably (fsync of file and folder). Request bodies (log
 * signatures, proofs) are made before the clock starts; the log's own cost is not measured.
 */
public final class WitnessBench {
  private WitnessBench() {}

  /** A log held in memory: leaves, subtree hashes, and the signed checkpoint after each record. */
  private static final class MemoryLog implements HashReader {
    final LogKey key;
    final ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    final FrontierRoot frontier = new FrontierRoot();
    byte[] stored = new byte[0];

    MemoryLog(String origin) {
      this.key = LogKey.generate(origin);
    }

    /** Appends one record and returns the add-checkpoint body from {@code oldSize} to the new size. */
    byte[] grow(long oldSize) throws Exception {
      byte[] record = ByteBuffer.allocate(8).putLong(frontier.size()).array();
      frontier.add(MerkleHash.leaf(record), hashes::write);
      stored = hashes.toByteArray();
      Checkpoint c = Checkpoint.sign(key.signer(), frontier.size(), frontier.root());
      return new AddCheckpointRequest(oldSize, MerkleTree.consistencyProof(this, oldSize, frontier.size()),
          c.signedNote()).encode();
    }

    @Override
    public byte[] read(int level, long index) {
      byte[] out = new byte[MerkleHash.SIZE];
      System.arraycopy(stored, Math.toIntExact(StoredHashes.slot(level, index) * MerkleHash.SIZE), out, 0, out.length);
      return out;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists; give a fresh directory");
    }
    MemoryLog warm = new MemoryLog("bench.tollgate.example/warm-up");
    MemoryLog single = new MemoryLog("bench.tollgate.example/sequential");
    List<MemoryLog> many = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      many.add(new MemoryLog("bench.tollgate.example/concurrent-" + c));
    }
    MemoryLog shared = new MemoryLog("bench.tollgate.example/shared");
    List<VerifierKey> keys = new ArrayList<>(List.of(warm.key.verifierKey(), single.key.verifierKey(),
        shared.key.verifierKey()));
    many.forEach(l -> keys.add(l.key.verifierKey()));

    List<byte[]> warmBodies = chain(warm, Math.min(requests, 500));
    List<byte[]> sequential = chain(single, requests);
    List<List<byte[]>> perClient = new ArrayList<>();
    for (MemoryLog l : many) {
      perClient.add(chain(l, Math.max(1, requests / clients)));
    }
    byte[] sharedFirst = shared.grow(0);
    byte[] sharedAgain = resubmission(shared, sharedFirst);

    Witness witness = new Witness(WitnessKey.generate("bench.tollgate.example/witness", new SecureRandom()), keys,
        new WitnessState(dir.resolve("state")), Clock.systemUTC(), c -> { });
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try (WitnessServer server = WitnessServer.start("127.0.0.1", 0, witness, quiet)) {
      URI url = server.submissionPrefix();
      WitnessClient client = new WitnessClient(Duration.ofSeconds(60));
      send(client, url, warmBodies);
      long t0 = System.nanoTime();
      send(client, url, sequential);
      double seconds = (System.nanoTime() - t0) / 1e9;
      print("add_checkpoint_per_second_1_client", sequential.size() / seconds);
      print("add_checkpoint_mean_ms_1_client", seconds * 1000 / sequential.size());

      List<List<byte[]>> work = new ArrayList<>();
      perClient.forEach(work::add);
      print("add_checkpoint_per_second_" + clients + "_clients_own_logs", parallel(url, work));

      send(client, url, List.of(sharedFirst));
      List<List<byte[]>> same = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        List<byte[]> repeats = new ArrayList<>();
        for (int i = 0; i < Math.max(1, requests / clients); i++) {
          repeats.add(sharedAgain);
        }
        same.add(repeats);
      }
      print("add_checkpoint_per_second_" + clients + "_clients_one_log", parallel(url, same));
    }
  }

  /** {@code n} bodies, each one record more than the last, chained from size 0. */
  private static List<byte[]> chain(MemoryLog log, int n) throws Exception {
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bodies.add(log.grow(log.frontier.size()));
    }
    return bodies;
  }

  /** The log's latest checkpoint again from its own size: valid, cosigned and stored anew each time. */
  private static byte[] resubmission(MemoryLog log, byte[] latest) throws Exception {
    return new AddCheckpointRequest(log.frontier.size(), List.of(), AddCheckpointRequest.parse(latest).checkpoint())
        .encode();
  }

  private static void send(WitnessClient client, URI url, List<byte[]> bodies) throws IOException {
    for (byte[] b : bodies) {
      WitnessClient.Answer a = client.addCheckpoint(url, b);
      if (a.status() != 200) {
        throw new IllegalStateException("witness answered " + a.status() + ": " + new String(a.body()));
      }
    }
  }

  /** Requests per second with one client thread per list, all started together. */
  private static double parallel(URI url, List<List<byte[]>> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(work.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (List<byte[]> bodies : work) {
        Callable<Integer> call = () -> {
          WitnessClient own = new WitnessClient(Duration.ofSeconds(60));
          start.await();
          send(own, url, bodies);
          return bodies.size();
        };
        done.add(pool.submit(call));
      }
      long t0 = System.nanoTime();
      start.countDown();
      long total = 0;
      for (Future<Integer> f : done) {
        total += f.get();
      }
      return total / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void print(String name, double value) {
    System.out.printf("%s %.1f%n", name, value);
  }
}
