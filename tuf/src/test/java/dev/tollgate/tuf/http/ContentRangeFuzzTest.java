package dev.tollgate.tuf.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The Content-Range header a server sends with a resumed download. The invariant: any header
 * ends in a range inside the file or a {@link ContentRange.MalformedContentRange}. The inputs under
 * {@code ContentRangeFuzzTestInputs/} run as plain tests in every build; bench/fuzz/run.sh fuzzes.
 */
class ContentRangeFuzzTest {
  @FuzzTest
  void contentRange(byte[] bytes) {
    String header = new String(bytes, StandardCharsets.ISO_8859_1);
    try {
      ContentRange r = ContentRange.parse(header);
      assertTrue(r.first() >= 0 && r.first() <= r.last() && (r.complete() == -1 || r.last() < r.complete()), header);
    } catch (ContentRange.MalformedContentRange e) {
      assertFalse(e.getMessage().isBlank(), "a refusal names what was refused");
    }
  }

  @Test
  void acceptsOnlyOneRangeInsideTheFile() throws Exception {
    assertEquals(new ContentRange(100, 199, 200), ContentRange.parse("bytes 100-199/200"));
    assertEquals(new ContentRange(0, 0, -1), ContentRange.parse("bytes 0-0/*"));
    for (String bad : new String[] {"bytes 5-4/10", "bytes 0-10/10", "bytes */10", "bytes 1-2/3 ", "items 1-2/3",
        "bytes -1-2/3", "bytes 1-2/3, 4-5/6", "bytes 1234567890123456789-1234567890123456790/*"}) {
      assertThrows(ContentRange.MalformedContentRange.class, () -> ContentRange.parse(bad), bad);
    }
    assertThrows(ContentRange.MalformedContentRange.class, () -> ContentRange.parse(null));
  }
}
