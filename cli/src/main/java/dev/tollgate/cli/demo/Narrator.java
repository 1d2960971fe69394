package dev.tollgate.cli.demo;

import java.io.PrintWriter;

/** Prints the demo as a short numbered narrative: a title per step, then plain indented lines. */
final class Narrator {
  private final PrintWriter out;
  private int step;

  Narrator(PrintWriter out) {
    this.out = out;
  }

  void step(String title) {
    step++;
    out.println();
    out.println(step + ". " + title);
    out.flush();
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
