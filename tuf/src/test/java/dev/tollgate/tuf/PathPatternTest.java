package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which delegation patterns a listing under a path prefix must follow. */
class PathPatternTest {
  @ParameterizedTest(name = "{0} under \"{1}\": {2}")
  @CsvSource(delimiter = '|', value = {
      "agents/*/*/*              | agents/desk-agent/  | true",
      "plugins/*/*/*             | agents/desk-agent/  | false",
      "agents/*                  | agents/desk-agent/  | false",
      "agents/*/*/*              | agents/de           | true",
      "agents/*/*/*              | ag                  | true",
      "agents/*/*/*              | ''                  | true",
      "a?ents/*/*                | agents/             | true",
      "agents/[!d]*/*            | agents/desk/        | false",
      "agents/[!d]*/*            | agents/x            | true",
      "*.tar.gz                  | agents/             | false",
      "*/x.tar                   | a/x.t               | true",
      "*/x.tar                   | a/x.z               | false",
      "*/x.tar                   | a/x.tar             | true",
      "*/x.tar                   | a/x.tarx            | false",
      "agents/desk-agent/1.0/*   | agents/desk-agent/  | true",
      "agents/desk-agent/1.0/*   | agents/desk-agent/2 | false",
      "[z-a]/*                   | a/                  | false",
  })
  void aPatternIsFollowedOnlyWhenItCanMatchAPathUnderThePrefix(String pattern, String prefix, boolean expected) {
    assertEquals(expected, PathPattern.mayMatchUnder(pattern, prefix));
  }

  @Test
  void aPatternWithAReversedRangeMatchesNothingInsteadOfFailing() {
    assertFalse(PathPattern.matches("[z-a]/*", "a/b"));
    assertFalse(PathPattern.matches("x[z-a]", "xa"));
  }

  /** Each case as Python's {@code fnmatch.fnmatchcase} (python-tuf's matcher) answers it. */
  @ParameterizedTest(name = "{0} on \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "[z-ab]   | b   | true",
      "[z-ab]   | a   | false",
      "[a-c-e]  | -   | true",
      "[a-c-e]  | d   | false",
      "[a-c-e]  | e   | true",
      "[]a]     | ]   | true",
      "[^a]     | ^   | true",
      "[!]a]    | b   | true",
      "[!]a]    | ]   | false",
      "[b-a!x]  | y   | true",
      "[b-a!x]  | x   | false",
      "[a-]     | -   | true",
      "[!-a]    | -   | false",
      "[!-a]    | b   | true",
      "?        | \uD83D\uDE00 | true", // one code point, two Java chars
      "??       | \uD83D\uDE00 | false",
      "[--0]    | .   | true",
      "[x-z-a]  | y   | true",
      "[x-z-a]  | -   | true",
      "[x-z-a]  | a   | true",
      "[\\]     | \\  | true",
      "[a&&b]   | &   | true",
      "[ab      | [ab | true",
      "a*b*     | ab  | true",
  })
  void segmentsAreReadAsFnmatchReadsThem(String pattern, String path, boolean expected) {
    assertEquals(expected, PathPattern.matches(pattern, path));
    assertEquals(expected, PathPattern.overlap(pattern, path.replace("[", "[[]").replace("*", "[*]")));
  }

  /**
   * Against brute force on small alphabets: two patterns overlap exactly when some path matches
   * both, so the publisher's overlap check and the client's matcher cannot disagree.
   */
  @Test
  void overlapAgreesWithTheMatcherOnRandomPatterns() {
    Random random = new Random(20250301);
    String[] tokens = {"a", "b", "?", "*", "[ab]", "[!a]", "[a-b]", "[b-a]", "[!a-b]", "/"};
    List<String> paths = strings("abc/", 5);
    for (int n = 0; n < 2000; n++) {
      String p = randomPattern(random, tokens);
      String q = randomPattern(random, tokens);
      boolean both = paths.stream().anyMatch(s -> PathPattern.matches(p, s) && PathPattern.matches(q, s));
      assertEquals(both, PathPattern.overlap(p, q), "patterns '" + p + "' and '" + q + "'");
    }
  }

  private static String randomPattern(Random random, String[] tokens) {
    StringBuilder pattern = new StringBuilder();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      pattern.append(tokens[random.nextInt(tokens.length)]);
    }
    return pattern.toString();
  }

  /**
   * Against brute force on small alphabets: the prefix test says yes exactly when some path that
   * extends the prefix (by up to five characters, enough for these short patterns) matches.
   */
  @Test
  void agreesWithBruteForceOnRandomPatterns() {
    Random random = new Random(20241129);
    String[] tokens = {"a", "b", "?", "*", "[ab]", "[!a]", "/"};
    List<String> completions = strings("abc/", 5);
    for (int n = 0; n < 300; n++) {
      StringBuilder pattern = new StringBuilder();
      for (int i = 1 + random.nextInt(5); i > 0; i--) {
        pattern.append(tokens[random.nextInt(tokens.length)]);
      }
      StringBuilder prefix = new StringBuilder();
      for (int i = random.nextInt(5); i > 0; i--) {
        prefix.append("ab/".charAt(random.nextInt(3)));
      }
      String p = pattern.toString();
      String x = prefix.toString();
      boolean exists = completions.stream().anyMatch(s -> PathPattern.matches(p, x + s));
      assertEquals(exists, PathPattern.mayMatchUnder(p, x), "pattern '" + p + "' under '" + x + "'");
    }
  }

  /** Every string over {@code alphabet} of length 0 to {@code max}. */
  private static List<String> strings(String alphabet, int max) {
    List<String> out = new ArrayList<>(List.of(""));
    List<String> last = List.of("");
    for (int len = 1; len <= max; len++) {
      List<String> next = new ArrayList<>();
      for (String s : last) {
        for (char c : alphabet.toCharArray()) {
          next.add(s + c);
        }
      }
      out.addAll(next);
      last = next;
    }
    return out;
  }
}
