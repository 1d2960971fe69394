package dev.tollgate.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar manifest at build time. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Tollgate.class.getPackage().getImplementationVersion();
    return new String[] {"tollgate " + (v == null ? "(development build)" : v)};
  }
}
