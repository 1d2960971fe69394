package dev.tollgate.release;

import java.util.Locale;

/** What a bundle is; also the first folder of its install location and of its target paths. */
public enum BundleKind {
  AGENT("agent", "agents"),
  PLUGIN("plugin", "plugins"),
  MODEL("model", "models");

  private final String label;
  private final String folder;

  BundleKind(String label, String folder) {
    this.label = label;
    this.folder = folder;
  }

  /** The word used in release facts and configuration: "agent", "plugin", "model". */
  public String label() {
    return label;
  }

  /** The plural used for target path prefixes and state folders: "agents", "plugins", "models". */
  public String folder() {
    return folder;
  }

  /** Parses "agent", "plugin" or "model". */
  public static BundleKind parse(String s) {
    for (BundleKind k : values()) {
      if (k.label.equals(s == null ? null : s.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new InvalidReleaseFactsException("kind '" + s + "' is not one of agent, plugin, model");
  }
}
