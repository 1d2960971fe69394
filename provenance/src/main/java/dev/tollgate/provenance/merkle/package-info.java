/**
 * RFC 6962 / RFC 9162 Merkle tree arithmetic: leaf and node hashing, the stored-hash layout that
 * lets any complete subtree be read in one lookup, tree heads, inclusion and consistency proofs
 * and their verification. Pure: it reads hashes through {@link dev.tollgate.provenance.merkle.HashReader}
 * and never touches files, formats or keys.
 */
package dev.tollgate.provenance.merkle;
