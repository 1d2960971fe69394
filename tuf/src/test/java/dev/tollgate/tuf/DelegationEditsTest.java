package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delegation edits on the immutable model: each returns a new value and leaves the old one as it was. */
class DelegationEditsTest {
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
  private static final Key A = InMemorySigner.generate(Key.ED25519).publicKey();
  private static final Key B = InMemorySigner.generate(Key.ED25519).publicKey();
  private static final Key C = InMemorySigner.generate(Key.ED25519).publicKey();

  private static Targets twoRoles() {
    return new Targets(1, EXPIRES, Map.of(), null)
        .withDelegatedRole(new DelegatedRole("agents", List.of(A.keyId()), 1, false, List.of("agents/*")), List.of(A))
        .withDelegatedRole(new DelegatedRole("plugins", List.of(A.keyId(), B.keyId()), 2, true, List.of("plugins/*")),
            List.of(A, B));
  }

  @Test
  void rolesAreAppendedInOrderWithTheirKeys() {
    Targets t = twoRoles();
    assertEquals(List.of("agents", "plugins"), t.delegations().roles().stream().map(DelegatedRole::name).toList());
    assertEquals(Map.of(A.keyId(), A, B.keyId(), B), t.delegations().keys());
    assertThrows(IllegalArgumentException.class, () -> t.withDelegatedRole(
        new DelegatedRole("agents", List.of(C.keyId()), 1, false, List.of("x/*")), List.of(C)), "a name is listed once");
  }

  @Test
  void keysAreAddedAndRevokedPerRoleAndAKeyGoesWhenNoRoleUsesIt() {
    Targets before = twoRoles();
    Targets added = before.withRoleKey("agents", C);
    assertEquals(List.of(A.keyId(), C.keyId()), added.delegations().roleKeys("agents").keyIds());
    assertEquals(C, added.delegations().keys().get(C.keyId()));
    assertEquals(List.of(A.keyId()), before.delegations().roleKeys("agents").keyIds(), "the original is unchanged");
    assertEquals(added, added.withRoleKey("agents", C), "adding a listed key changes nothing");

    Targets revoked = added.withoutRoleKey("agents", A.keyId());
    assertEquals(List.of(C.keyId()), revoked.delegations().roleKeys("agents").keyIds());
    assertTrue(revoked.delegations().keys().containsKey(A.keyId()), "plugins still uses A");
    Targets gone = revoked.withoutRoleKey("plugins", A.keyId()).withRoleThreshold("plugins", 1);
    assertFalse(gone.delegations().keys().containsKey(A.keyId()), "no role uses A any more");
    assertEquals(new Delegations.RoleKeys(List.of(B.keyId()), 1), gone.delegations().roleKeys("plugins"));
    DelegatedRole plugins = gone.delegations().roles().get(1);
    assertTrue(plugins.terminating());
    assertEquals(List.of("plugins/*"), plugins.paths(), "an edit keeps what it does not change");

    assertThrows(IllegalArgumentException.class, () -> before.withoutRoleKey("agents", C.keyId()));
    assertThrows(IllegalArgumentException.class, () -> before.withRoleKey("models", C));
    assertThrows(IllegalArgumentException.class, () -> new Targets(1, EXPIRES, Map.of(), null).withRoleKey("agents", C));
  }

  @Test
  void aSuccinctDelegationsKeysAreEditedThroughAnyBinsName() {
    SuccinctRoles bins = new SuccinctRoles(List.of(A.keyId()), 1, 2, "models");
    Delegations d = new Delegations(Map.of(A.keyId(), A), bins);
    Delegations rotated = d.withRoleKey("models-3", B).withoutRoleKey("models-0", A.keyId()).withThreshold("models-1", 1);
    assertEquals(List.of(B.keyId()), rotated.succinctRoles().keyIds());
    assertEquals(Map.of(B.keyId(), B), rotated.keys());
    assertEquals(bins.bitLength(), rotated.succinctRoles().bitLength());
    assertEquals(new Delegations.RoleKeys(List.of(B.keyId()), 1), rotated.roleKeys("models-2"));
    assertNull(rotated.roleKeys("models-4"));
    assertThrows(IllegalArgumentException.class, () -> d.withRole(
        new DelegatedRole("x", List.of(A.keyId()), 1, false, List.of("x/*")), List.of(A)), "bins list no roles");
  }
}
