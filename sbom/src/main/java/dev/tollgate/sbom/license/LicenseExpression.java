package dev.tollgate.sbom.license;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed SPDX license expression. Grammar (SPDX 2.3 annex D): {@code WITH} binds tighter than
 * {@code AND}, which binds tighter than {@code OR}; operators are accepted in any case.
 */
public sealed interface LicenseExpression {

  /** One license id (or LicenseRef), optionally {@code +} and optionally {@code WITH} an exception. */
  record Term(String id, boolean orLater, String exception) implements LicenseExpression {
    /** The term as written: {@code GPL-2.0-only WITH Classpath-exception-2.0}. */
    public String text() {
      return id + (orLater ? "+" : "") + (exception == null ? "" : " WITH " + exception);
    }
  }

  /** Every operand must hold. */
  record And(List<LicenseExpression> operands) implements LicenseExpression {
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** One operand suffices. */
  record Or(List<LicenseExpression> operands) implements LicenseExpression {
    public Or {
      operands = List.copyOf(operands);
    }
  }

  /** Parses an SPDX expression; throws {@link IllegalArgumentException} saying where it broke. */
  static LicenseExpression parse(String text) {
    return new Parser(text).parseAll();
  }

  /**
   * A plain list of licenses (CycloneDX {@code licenses[]}), read conservatively: all of them
   * apply. Entries are taken verbatim (names like "Apache License, Version 2.0" are not parsed).
   */
  static LicenseExpression allOf(List<String> licenses) {
    if (licenses.size() == 1) {
      return new Term(licenses.get(0), false, null);
    }
    return new And(licenses.stream().<LicenseExpression>map(l -> new Term(l, false, null)).toList());
  }

  /** Recursive-descent parser over whitespace/parenthesis-separated tokens. */
  final class Parser {
    private static final int MAX_DEPTH = 64;
    private final String text;
    private final List<String> tokens;
    private int pos;
    private int depth;

    private Parser(String text) {
      this.text = text;
      this.tokens = tokenize(text);
    }

    private static List<String> tokenize(String text) {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '(' || c == ')' || Character.isWhitespace(c)) {
          if (current.length() > 0) {
            out.add(current.toString());
            current.setLength(0);
          }
          if (!Character.isWhitespace(c)) {
            out.add(String.valueOf(c));
          }
        } else {
          current.append(c);
        }
      }
      if (current.length() > 0) {
        out.add(current.toString());
      }
      return out;
    }

    private LicenseExpression parseAll() {
      if (tokens.isEmpty()) {
        throw error("empty license expression");
      }
      LicenseExpression e = parseOr();
      if (pos < tokens.size()) {
        throw error("unexpected '" + tokens.get(pos) + "'");
      }
      return e;
    }

    private LicenseExpression parseOr() {
      List<LicenseExpression> operands = new ArrayList<>();
      operands.add(parseAnd());
      while (isOperator("OR")) {
        pos++;
        operands.add(parseAnd());
      }
      return operands.size() == 1 ? operands.get(0) : new Or(operands);
    }

    private LicenseExpression parseAnd() {
      List<LicenseExpression> operands = new ArrayList<>();
      operands.add(parsePrimary());
      while (isOperator("AND")) {
        pos++;
        operands.add(parsePrimary());
      }
      return operands.size() == 1 ? operands.get(0) : new And(operands);
    }

    private LicenseExpression parsePrimary() {
      if (pos >= tokens.size()) {
        throw error("expression ends where a license was expected");
      }
      String token = tokens.get(pos);
      if (token.equals("(")) {
        if (++depth > MAX_DEPTH) {
          throw error("parentheses nested deeper than " + MAX_DEPTH);
        }
        pos++;
        LicenseExpression inner = parseOr();
        if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
          throw error("missing ')'");
        }
        pos++;
        depth--;
        return inner;
      }
      if (token.equals(")") || isOperatorToken(token)) {
        throw error("'" + token + "' where a license was expected");
      }
      pos++;
      String id = token;
      boolean orLater = id.endsWith("+");
      if (orLater) {
        id = id.substring(0, id.length() - 1);
      }
      checkIdString(id);
      String exception = null;
      if (isOperator("WITH")) {
        pos++;
        if (pos >= tokens.size() || isOperatorToken(tokens.get(pos)) || tokens.get(pos).length() == 1
            && "()".contains(tokens.get(pos))) {
          throw error("WITH must be followed by an exception id");
        }
        exception = tokens.get(pos++);
        checkIdString(exception);
      }
      return new Term(id, orLater, exception);
    }

    private void checkIdString(String id) {
      if (id.isEmpty()) {
        throw error("empty license id");
      }
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == ':';
        if (!ok) {
          throw error("'" + id + "' is not an SPDX license id (character '" + c + "')");
        }
      }
    }

    private boolean isOperator(String op) {
      return pos < tokens.size() && tokens.get(pos).toUpperCase(Locale.ROOT).equals(op);
    }

    private static boolean isOperatorToken(String token) {
      String t = token.toUpperCase(Locale.ROOT);
      return t.equals("AND") || t.equals("OR") || t.equals("WITH");
    }

    private IllegalArgumentException error(String why) {
      return new IllegalArgumentException("license expression '" + text + "': " + why
          + (pos < tokens.size() ? " (at token " + (pos + 1) + ")" : ""));
    }
  }
}
