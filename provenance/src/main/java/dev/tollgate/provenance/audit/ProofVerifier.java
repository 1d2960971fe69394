package dev.tollgate.provenance.audit;

import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.ProofCheck;
import dev.tollgate.provenance.merkle.ProofException;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.TlogProof;
import dev.tollgate.provenance.note.VerifierKey;

/** Offline check of a tlog-proof for one record: needs only the proof, the record bytes and the key. */
public final class ProofVerifier {
  private ProofVerifier() {}

  /** Returns the verified checkpoint the record is included in; throws naming the failed check. */
  public static Checkpoint checkInclusion(byte[] proofBytes, byte[] recordPayload, VerifierKey key)
      throws AuditException {
    TlogProof proof;
    Checkpoint cp;
    try {
      proof = TlogProof.parse(proofBytes);
    } catch (FormatException e) {
      throw new AuditException("proof: " + e.getMessage(), e);
    }
    try {
      cp = Checkpoint.open(proof.checkpoint(), key);
    } catch (FormatException e) {
      throw new AuditException("proof checkpoint: " + e.getMessage(), e);
    }
    try {
      ProofCheck.inclusion(proof.index(), cp.size(), MerkleHash.leaf(recordPayload), proof.hashes(), cp.root());
    } catch (ProofException e) {
      throw new AuditException("record " + proof.index() + ": " + e.getMessage(), e);
    }
    return cp;
  }

  /** The index a proof claims, for reporting after {@link #checkInclusion} succeeded. */
  public static long index(byte[] proofBytes) throws AuditException {
    try {
      return TlogProof.parse(proofBytes).index();
    } catch (FormatException e) {
      throw new AuditException("proof: " + e.getMessage(), e);
    }
  }
}
