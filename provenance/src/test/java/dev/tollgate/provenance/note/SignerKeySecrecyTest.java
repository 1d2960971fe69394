package dev.tollgate.provenance.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.provenance.LogKey;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key's secret reaches only its owner-only key file: no getter, toString or error shows it. */
class SignerKeySecrecyTest {
  private static final byte[] SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(concat(new byte[] {1}, SEED));

  @TempDir Path tmp;

  @Test
  void noPublicMethodToStringOrRecordHandsOutTheSecret() throws Exception {
    SignerKey key = SignerKey.fromSeed("tollgate.example/log", SEED);
    LogKey logKey = LogKey.load(written(key));
    for (Object holder : List.of(key, logKey)) {
      assertNoSecret(holder.toString(), holder.getClass().getSimpleName() + ".toString()");
      for (Method m : holder.getClass().getMethods()) {
        if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
            && m.getDeclaringClass() != Object.class) {
          Object value = m.invoke(holder);
          String what = holder.getClass().getSimpleName() + "." + m.getName() + "()";
          if (value instanceof byte[] bytes) {
            assertFalse(containsSeed(bytes), what + " returns the seed");
          } else if (value instanceof char[] chars) {
            assertNoSecret(new String(chars), what);
          } else {
            assertNoSecret(String.valueOf(value), what);
          }
        }
      }
    }
  }

  @Test
  void theKeyFileIsOwnerOnlyAndReadsBack() throws Exception {
    SignerKey key = SignerKey.fromSeed("tollgate.example/log", SEED);
    Path file = written(key);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(key.verifierKey(), SignerKey.read(file).verifierKey());
  }

  @Test
  void errorsAboutABadKeyFileDoNotQuoteIt() throws Exception {
    String good = Files.readString(written(SignerKey.fromSeed("tollgate.example/log", SEED)), StandardCharsets.UTF_8);
    String[] parts = good.strip().split("\\+", 5);
    List<String> broken = List.of(
        parts[0] + "+" + parts[1] + "+" + parts[2] + "+00000000+" + parts[4], // wrong key id
        parts[0] + "+" + parts[1] + "+bad name+" + parts[3] + "+" + parts[4],
        "PRIVATE+KEY+" + parts[4],
        good.replace(SECRET_BASE64, SECRET_BASE64.substring(0, 40) + "!" + SECRET_BASE64.substring(41)));
    for (int i = 0; i < broken.size(); i++) {
      Path file = Files.writeString(tmp.resolve("broken-" + i + ".key"), broken.get(i));
      FormatException parse = assertThrows(FormatException.class, () -> SignerKey.read(file));
      assertNoSecret(parse.getMessage(), "error for broken key " + i);
      Exception load = assertThrows(Exception.class, () -> LogKey.load(file));
      assertNoSecret(load.getMessage(), "LogKey.load error for broken key " + i);
    }
  }

  private Path written(SignerKey key) throws Exception {
    Path file = tmp.resolve("signer-" + System.nanoTime() + ".key");
    key.writeTo(file);
    return file;
  }

  private static void assertNoSecret(String text, String what) {
    String lower = text.toLowerCase();
    assertFalse(text.contains(SECRET_BASE64.substring(4, 40)), what + " shows the secret");
    assertFalse(lower.contains(HexFormat.of().formatHex(SEED).substring(0, 32)), what + " shows the seed in hex");
    assertFalse(text.contains(Base64.getEncoder().encodeToString(SEED).substring(0, 32)), what + " shows the seed");
  }

  private static boolean containsSeed(byte[] bytes) {
    for (int i = 0; i + SEED.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + SEED.length, SEED, 0, SEED.length)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
