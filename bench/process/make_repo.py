"""Writes a TUF repository with python-tuf's Metadata API: N small targets under files/, spread
over 2^BITS succinct hash bins (one key for all bins), consistent snapshots, ed25519 keys.
Only the first few target files are written to disk (the bench downloads one of them). With
BIG_MIB, one more target, files/big.bin, of that many MiB of pseudo-random bytes.
Usage: PYTHONPATH=<python-tuf>:<securesystemslib> python3 make_repo.py N BITS OUT [BIG_MIB]"""
import hashlib
import os
import random
import sys
from datetime import datetime, timedelta, timezone

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import (Delegations, MetaFile, Metadata, Root, Snapshot, SuccinctRoles,
                              TargetFile, Targets, Timestamp)
from tuf.api.serialization.json import JSONSerializer

n, bits, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
expires = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=365)
compact = JSONSerializer(compact=True)
os.makedirs(os.path.join(out, "metadata"), exist_ok=True)
os.makedirs(os.path.join(out, "targets", "files"), exist_ok=True)

signers = {role: CryptoSigner.generate_ed25519() for role in ("root", "targets", "snapshot", "timestamp")}
bins_signer = CryptoSigner.generate_ed25519()

root = Metadata(Root(expires=expires, consistent_snapshot=True))
for role, signer in signers.items():
    root.signed.add_key(signer.public_key, role)

targets = Metadata(Targets(expires=expires))
succinct = SuccinctRoles([bins_signer.public_key.keyid], 1, bits, "bin")
targets.signed.delegations = Delegations({bins_signer.public_key.keyid: bins_signer.public_key},
                                         succinct_roles=succinct)
bins = {name: Targets(expires=expires) for name in succinct.get_roles()}
for i in range(n):
    path = f"files/{i}.txt"
    data = f"target {i}\n".encode()
    target = TargetFile.from_data(path, data, ["sha256"])
    bins[succinct.get_role_for_target(path)].targets[path] = target
    if i < 10:
        with open(os.path.join(out, "targets", "files", f"{target.hashes['sha256']}.{i}.txt"), "wb") as f:
            f.write(data)

if len(sys.argv) > 4:
    # Written in 1 MiB blocks and hashed on the way: never held whole in memory.
    big_path, rng, digest, length = "files/big.bin", random.Random(42), hashlib.sha256(), 0
    tmp = os.path.join(out, "targets", "files", "big.tmp")
    with open(tmp, "wb") as f:
        for _ in range(int(sys.argv[4])):
            block = rng.randbytes(1 << 20)
            digest.update(block)
            f.write(block)
            length += len(block)
    big = TargetFile(length, {"sha256": digest.hexdigest()}, big_path)
    os.replace(tmp, os.path.join(out, "targets", "files", f"{digest.hexdigest()}.big.bin"))
    bins[succinct.get_role_for_target(big_path)].targets[big_path] = big


def write(md, name, signer):
    md.sign(signer)
    with open(os.path.join(out, "metadata", name), "wb") as f:
        f.write(md.to_bytes(compact))


snapshot = Metadata(Snapshot(expires=expires))
for name, signed in bins.items():
    write(Metadata(signed), f"1.{name}.json", bins_signer)
    snapshot.signed.meta[f"{name}.json"] = MetaFile(1)
write(targets, "1.targets.json", signers["targets"])
write(snapshot, "1.snapshot.json", signers["snapshot"])
timestamp = Metadata(Timestamp(expires=expires))
timestamp.signed.snapshot_meta = MetaFile(1)
write(timestamp, "timestamp.json", signers["timestamp"])
write(root, "1.root.json", signers["root"])
print(f"{n} targets in {len(bins)} bins under {out}")
