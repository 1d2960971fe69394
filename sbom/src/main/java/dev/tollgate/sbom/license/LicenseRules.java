package dev.tollgate.sbom.license;

import dev.tollgate.sbom.license.LicenseExpression.And;
import dev.tollgate.sbom.license.LicenseExpression.Or;
import dev.tollgate.sbom.license.LicenseExpression.Term;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The allowed and denied license lists. Entries are SPDX ids ({@code MIT}), exception ids
 * ({@code Classpath-exception-2.0}), or whole terms ({@code GPL-2.0-only WITH
 * Classpath-exception-2.0}); matching ignores case, as SPDX ids do. A whole term listed exactly wins
 * over its parts, so "GPL-2.0-only WITH Classpath-exception-2.0" may be allowed while GPL-2.0-only
 * is denied. When the allowed list is empty, anything not denied is acceptable.
 */
public final class LicenseRules {
  private final Set<String> allowed;
  private final Set<String> denied;

  public LicenseRules(Collection<String> allowed, Collection<String> denied) {
    this.allowed = normalise(allowed);
    this.denied = normalise(denied);
  }

  public static LicenseRules none() {
    return new LicenseRules(List.of(), List.of());
  }

  public boolean allowListInForce() {
    return !allowed.isEmpty();
  }

  public Set<String> allowed() {
    return allowed;
  }

  public Set<String> denied() {
    return denied;
  }

  /** From best to worst; AND takes the worst operand, OR the best. */
  public enum Verdict { ALLOWED, UNLISTED, DENIED }

  /**
   * The verdict for an expression and the terms that brought it about (empty when allowed).
   */
  public record Outcome(Verdict verdict, Set<String> culprits) {
    public Outcome {
      culprits = Set.copyOf(culprits);
    }

    public String culpritList() {
      return culprits.stream().sorted().collect(Collectors.joining(", "));
    }
  }

  public Outcome evaluate(LicenseExpression expression) {
    if (expression instanceof Term term) {
      Verdict v = term(term);
      return new Outcome(v, v == Verdict.ALLOWED ? Set.of() : Set.of(term.text()));
    }
    if (expression instanceof And and) {
      return combine(and.operands(), true);
    }
    return combine(((Or) expression).operands(), false);
  }

  private Outcome combine(List<LicenseExpression> operands, boolean all) {
    List<Outcome> outcomes = operands.stream().map(this::evaluate).toList();
    Verdict chosen = all ? Verdict.ALLOWED : Verdict.DENIED;
    for (Outcome o : outcomes) {
      boolean pick = all ? o.verdict().compareTo(chosen) > 0 : o.verdict().compareTo(chosen) < 0;
      if (pick) {
        chosen = o.verdict();
      }
    }
    Set<String> culprits = new LinkedHashSet<>();
    if (chosen != Verdict.ALLOWED) {
      for (Outcome o : outcomes) {
        // For AND only the operands as bad as the whole are to blame; for OR every operand
        // failed, so all of their culprits are.
        if (!all || o.verdict() == chosen) {
          culprits.addAll(o.culprits());
        }
      }
    }
    return new Outcome(chosen, culprits);
  }

  private Verdict term(Term term) {
    String id = key(term.id());
    String idForm = term.orLater() ? id + "+" : id;
    String whole = key(term.text());
    if (allowed.contains(whole)) {
      return Verdict.ALLOWED;
    }
    if (denied.contains(whole) || denied.contains(idForm) || denied.contains(id)) {
      return Verdict.DENIED;
    }
    if (term.exception() != null && denied.contains(key(term.exception()))) {
      return Verdict.DENIED;
    }
    boolean idAllowed = allowed.contains(idForm) || (!term.orLater() && allowed.contains(id));
    boolean exceptionAllowed = term.exception() == null || allowed.contains(key(term.exception()));
    return idAllowed && exceptionAllowed ? Verdict.ALLOWED : Verdict.UNLISTED;
  }

  private static Set<String> normalise(Collection<String> entries) {
    Set<String> out = new LinkedHashSet<>();
    for (String e : entries) {
      out.add(key(e));
    }
    return Set.copyOf(out);
  }

  private static String key(String text) {
    return text.trim().replaceAll("\\s+", " ").replaceAll("(?i) with ", " WITH ").toLowerCase(Locale.ROOT);
  }
}
