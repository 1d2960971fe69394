package dev.tollgate.tuf;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Copies a target body into a file while hashing it, at the pace of the slowest of receiving,
 * hashing and writing rather than their sum: the calling thread receives into 256 KiB chunks, one
 * thread feeds them in order to the {@link Hashes} check, another writes them out. A multi-GiB
 * model is otherwise bound by SHA-256 and the disk one after the other.
 *
 * <p>Writes use direct I/O where the filesystem allows it: the data goes to the device as it
 * arrives, so the final force (the file must be durable before it is renamed into place) has
 * almost nothing left to flush, and a large download does not evict the page cache of the
 * programs the endpoint runs. Filesystems without direct I/O (tmpfs) get ordinary writes.
 *
 * <p>The file is complete and forced to disk when {@link #copy} returns; the hash check is
 * complete too: the caller may call {@link Hashes#verify()} at once. When the body stream fails
 * (a dropped connection) the bytes received before are still hashed and written, the file is cut
 * to them and forced, and a {@link DownloadBrokenException} says how many there are: the download
 * can resume after them with the same check. On any other exception the content is undefined and
 * the caller deletes the file.
 */
final class TargetCopy {
  /**
   * Below G1's humongous-object threshold even with the 1 MiB regions of a 64 MiB heap, so the
   * chunks are ordinary objects rather than whole regions each.
   */
  static final int CHUNK_SIZE = 1 << 18;
  /** Chunks in flight (4 MiB): enough that a short stall of one stage does not stop the others. */
  private static final int CHUNKS = 16;
  private static final Chunk END = new Chunk(0);

  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<Chunk> toHash = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final BlockingQueue<Chunk> toWrite = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private TargetCopy() {
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new Chunk(CHUNK_SIZE));
    }
  }

  /**
   * Copies at most {@code limit} bytes of {@code in} into {@code file} (which exists and is
   * empty), feeding every byte to {@code check}; one byte more throws {@link
   * DownloadTooLargeException}. Returns the number of bytes copied.
   */
  static long copy(InputStream in, Path file, long limit, Hashes check, String what) throws IOException {
    return copy(in, file, 0, limit, check, what, received -> { });
  }

  /**
   * As above, appending to the first {@code offset} bytes of {@code file} (its whole content,
   * already fed to {@code check}); {@code received} hears the running total of this copy after
   * every read, on the calling thread.
   */
  static long copy(InputStream in, Path file, long offset, long limit, Hashes check, String what,
      LongConsumer received) throws IOException {
    return new TargetCopy().run(in, file, offset, limit, check, what, received);
  }

  private long run(InputStream in, Path file, long offset, long limit, Hashes check, String what,
      LongConsumer received) throws IOException {
    try (ChunkWriter writer = ChunkWriter.open(file, offset)) {
      Thread hasher = worker("tollgate-hash", toHash, chunk -> check.update(chunk.data, 0, chunk.length));
      Thread writing = worker("tollgate-write", toWrite, chunk -> writer.write(chunk.data, chunk.length));
      long total;
      BrokenBody broken = null;
      try {
        total = receive(in, limit, what, received);
      } catch (BrokenBody e) {
        // What arrived before the break is queued: the workers finish it, so it can be resumed after.
        broken = e;
        total = e.kept;
      } catch (IOException | RuntimeException e) {
        failure.compareAndSet(null, e); // the workers need not finish what will be thrown away
        throw e;
      } finally {
        // The queues have room for END beyond every chunk in flight, so these never block.
        toHash.add(END);
        toWrite.add(END);
        joinUninterruptibly(hasher);
        joinUninterruptibly(writing);
      }
      Throwable workerError = failure.get();
      if (workerError instanceof IOException e) {
        throw dev.tollgate.io.AtomicFiles.failed("writing " + what + " to", file, e);
      }
      if (workerError != null) {
        throw new IOException(what + ": " + workerError, workerError);
      }
      try {
        writer.finish(offset + total);
      } catch (IOException e) {
        throw dev.tollgate.io.AtomicFiles.failed("writing " + what + " to", file, e);
      }
      if (broken != null) {
        throw new DownloadBrokenException(offset + total, broken.cause);
      }
      return total;
    }
  }

  /** The body stream failed after {@code kept} bytes, all of them handed to the workers. */
  private static final class BrokenBody extends IOException {
    private static final long serialVersionUID = 1L;
    final long kept;
    final IOException cause;

    BrokenBody(long kept, IOException cause) {
      super(cause);
      this.kept = kept;
      this.cause = cause;
    }
  }

  /** Fills whole chunks from {@code in} and hands each to both workers. */
  private long receive(InputStream in, long limit, String what, LongConsumer received) throws IOException {
    long total = 0;
    while (failure.get() == null) {
      Chunk chunk = take(free);
      int filled = 0;
      int n = 0;
      try {
        while (filled < CHUNK_SIZE
            && (n = in.read(chunk.data, filled, (int) Math.min(CHUNK_SIZE - filled, limit - total - filled + 1))) > 0) {
          filled += n;
          if (total + filled > limit) {
            free.add(chunk);
            throw new DownloadTooLargeException(what, limit);
          }
          received.accept(total + filled);
        }
      } catch (DownloadTooLargeException e) {
        throw e;
      } catch (IOException e) {
        throw new BrokenBody(total + dispatch(chunk, filled), e);
      }
      if (filled == 0) {
        free.add(chunk);
        return total;
      }
      total += dispatch(chunk, filled);
      if (n <= 0) {
        return total;
      }
    }
    return total;
  }

  /** Hands the first {@code filled} bytes of {@code chunk} to both workers (none: gives it back). */
  private int dispatch(Chunk chunk, int filled) {
    if (filled == 0) {
      free.add(chunk);
      return 0;
    }
    chunk.length = filled;
    chunk.pending.set(2);
    toHash.add(chunk);
    toWrite.add(chunk);
    return filled;
  }

  private Chunk take(BlockingQueue<Chunk> queue) throws InterruptedIOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download interrupted");
    }
  }

  /** What a worker does with each chunk, in order. */
  private interface ChunkTask {
    void accept(Chunk chunk) throws IOException;
  }

  /**
   * Runs {@code task} on each chunk until END. After a failure it keeps taking chunks (and giving
   * them back) without working on them, so the receiver never waits for a chunk that cannot come.
   */
  private Thread worker(String name, BlockingQueue<Chunk> queue, ChunkTask task) {
    Thread t = new Thread(() -> {
      while (true) {
        Chunk chunk;
        try {
          chunk = queue.take();
        } catch (InterruptedException e) {
          failure.compareAndSet(null, new InterruptedIOException(name + " interrupted"));
          return;
        }
        if (chunk == END) {
          return;
        }
        try {
          if (failure.get() == null) {
            task.accept(chunk);
          }
        } catch (Throwable e) {
          // Anything, even an Error, must fail the copy: a chunk left unwritten or unhashed would
          // otherwise leave a hole in a file that is still renamed into place.
          failure.compareAndSet(null, e);
        } finally {
          if (chunk.pending.decrementAndGet() == 0) {
            free.add(chunk);
          }
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Chunk {
    final byte[] data;
    final AtomicInteger pending = new AtomicInteger();
    int length;

    Chunk(int size) {
      data = new byte[size];
    }
  }

  /**
   * Writes chunks in order after the first {@code offset} bytes of the file; {@link #finish}
   * makes the file exactly {@code length} bytes and durable.
   */
  private abstract static class ChunkWriter implements AutoCloseable {
    final FileChannel channel;

    ChunkWriter(FileChannel channel) {
      this.channel = channel;
    }

    static ChunkWriter open(Path file, long offset) throws IOException {
      ChunkWriter writer = open(file);
      try {
        writer.startAt(offset);
        return writer;
      } catch (IOException | RuntimeException e) {
        writer.close();
        throw e;
      }
    }

    void startAt(long offset) throws IOException {
      channel.position(offset);
    }

    private static ChunkWriter open(Path file) throws IOException {
      long align;
      try {
        align = Files.getFileStore(file).getBlockSize();
      } catch (IOException | UnsupportedOperationException e) {
        align = 0; // block size unknown: no direct I/O
      }
      if (align > 0 && align <= CHUNK_SIZE && CHUNK_SIZE % align == 0) {
        try {
          return new Direct(FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
              ExtendedOpenOption.DIRECT), (int) align);
        } catch (IOException | UnsupportedOperationException e) {
          // No direct I/O on this filesystem (tmpfs refuses O_DIRECT): ordinary writes below.
        }
      }
      return new Buffered(FileChannel.open(file, StandardOpenOption.WRITE));
    }

    abstract void write(byte[] data, int length) throws IOException;

    void finish(long length) throws IOException {
      channel.truncate(length);
      channel.force(true);
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class Buffered extends ChunkWriter {
    Buffered(FileChannel channel) {
      super(channel);
    }

    @Override
    void write(byte[] data, int length) throws IOException {
      writeFully(channel, ByteBuffer.wrap(data, 0, length));
    }
  }

  /**
   * Direct I/O needs block-aligned memory, offsets and lengths, and each write waits for the
   * device, so chunks are gathered into one aligned {@link #BATCH}-byte buffer per write (on this
   * class of disk 1 MiB writes reach half the rate of 4 MiB ones). Every batch but the last is a
   * whole number of blocks; the last is padded with zeros, and {@link #finish} cuts the file back.
   */
  private static final class Direct extends ChunkWriter {
    static final int BATCH = 1 << 22;
    private final int align;
    private final ByteBuffer buffer;

    Direct(FileChannel channel, int align) {
      super(channel);
      this.align = align;
      this.buffer = ByteBuffer.allocateDirect(BATCH + align).alignedSlice(align).limit(BATCH);
    }

    /**
     * Direct writes start on a block boundary: the bytes of the last partial block before
     * {@code offset} are read back into the batch and written again with what follows.
     */
    @Override
    void startAt(long offset) throws IOException {
      long blockStart = offset - offset % align;
      int carried = (int) (offset - blockStart);
      if (carried > 0) {
        // One aligned block read at an aligned position; the file ends inside it, at offset.
        int read = channel.read(buffer.duplicate().clear().limit(align), blockStart);
        if (read != carried) {
          throw new IOException("read " + read + " bytes of the last block of the partial download, not " + carried);
        }
        buffer.position(carried);
      }
      channel.position(blockStart);
    }

    /** Batches need not line up with chunks (a resumed copy starts mid-block): a chunk may span two. */
    @Override
    void write(byte[] data, int length) throws IOException {
      for (int done = 0; done < length; ) {
        int n = Math.min(length - done, buffer.remaining());
        buffer.put(data, done, n);
        done += n;
        if (!buffer.hasRemaining()) {
          writeBatch();
        }
      }
    }

    private void writeBatch() throws IOException {
      int padded = (buffer.position() + align - 1) / align * align;
      while (buffer.position() < padded) {
        buffer.put((byte) 0);
      }
      buffer.flip();
      writeFully(channel, buffer);
      buffer.clear().limit(BATCH);
    }

    @Override
    void finish(long length) throws IOException {
      if (buffer.position() > 0) {
        writeBatch();
      }
      // Truncation is a metadata change; the direct channel wrote the data, force makes both durable.
      channel.truncate(length);
      channel.force(true);
    }
  }
}
