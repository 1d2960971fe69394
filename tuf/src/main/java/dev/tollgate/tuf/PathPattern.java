package dev.tollgate.tuf;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Delegation path patterns: shell-style ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}),
 * matched segment by segment so that {@code *} never crosses a {@code /}; pattern and path
 * must have the same number of segments.
 */
final class PathPattern {
  private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private PathPattern() {}

  static boolean matches(String pattern, String path) {
    String[] patternParts = pattern.split("/", -1);
    String[] pathParts = path.split("/", -1);
    if (patternParts.length != pathParts.length) {
      return false;
    }
    for (int i = 0; i < pathParts.length; i++) {
      if (!CACHE.computeIfAbsent(patternParts[i], PathPattern::compile).matcher(pathParts[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Translates one segment the way Python's fnmatch does. */
  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    int n = glob.length();
    int i = 0;
    while (i < n) {
      char c = glob.charAt(i++);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && glob.charAt(j) == '!') {
          j++;
        }
        if (j < n && glob.charAt(j) == ']') {
          j++;
        }
        while (j < n && glob.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          re.append("\\[");
        } else {
          String set = glob.substring(i, j);
          i = j + 1;
          StringBuilder cls = new StringBuilder("[");
          int k = 0;
          if (set.startsWith("!")) {
            cls.append('^');
            k = 1;
          } else if (set.startsWith("^")) {
            cls.append("\\^");
            k = 1;
          }
          for (; k < set.length(); k++) {
            char s = set.charAt(k);
            if (s == '-' ) {
              cls.append('-');
            } else if (Character.isLetterOrDigit(s)) {
              cls.append(s);
            } else {
              cls.append('\\').append(s);
            }
          }
          re.append(cls).append(']');
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
