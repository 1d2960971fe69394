package dev.tollgate.cli.demo;

import java.io.PrintWriter;

/** Prints the demo as a short numbered narrative: a title per step, then plain indented lines. */
final class Narrator {
  private final PrintWriter out;
  private int step;
  private long stepStarted;

  Narrator(PrintWriter out) {
    this.out = out;
  }

  void step(String title) {
    endStep();
    step++;
    stepStarted = System.nanoTime();
    out.println();
    out.println(step + ". " + title);
    out.flush();
  }

  /** Closes the current step with how long it took (the whole demo must stay well under a minute). */
  void endStep() {
    if (step > 0 && stepStarted != 0) {
      out.println(String.format("   (%.1f s)", (System.nanoTime() - stepStarted) / 1e9));
      stepStarted = 0;
    }
  }

  void say(String line) {
    out.println("   " + line);
    out.flush();
  }

  void detail(String line) {
    out.println("     " + line);
    out.flush();
  }

  /** A step that could not run: says so and why, never pretends. */
  void skipped(String why) {
    say("SKIPPED: " + why);
  }

  void plain(String line) {
    out.println(line);
    out.flush();
  }
}
