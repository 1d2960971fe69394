// Command tlogvectors is the independent side of the provenance interop test. It uses Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (as shipped by Debian) to
//
//	gen DIR N M   write a signer/verifier key, N records, signed C2SP checkpoints of sizes M and N,
//	              a C2SP tlog-proof for every record against size N, and a consistency proof M -> N;
//	check DIR     verify files written by Tollgate in the same layout, using only the Go libraries;
//	bench N       time tlog.ProveRecord over N in-memory records (the benchmark's peer figure).
//
// Layout of DIR: signer.key, verifier.key, record-<i>, checkpoint-<size>, proof-<i>.tlog-proof,
// consistency-<old>-<new> (one base64 hash per line), sizes (two lines: old size, new size).
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	mrand "math/rand"
	"runtime"
	"time"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const origin = "golden.example/go-log"

func main() {
	if len(os.Args) < 3 {
		fail("usage: tlogvectors gen DIR N M | check DIR")
	}
	switch os.Args[1] {
	case "gen":
		n, _ := strconv.ParseInt(os.Args[3], 10, 64)
		m, _ := strconv.ParseInt(os.Args[4], 10, 64)
		gen(os.Args[2], n, m)
	case "check":
		check(os.Args[2])
	case "bench":
		n, _ := strconv.ParseInt(os.Args[2], 10, 64)
		bench(n)
	default:
		fail("unknown mode " + os.Args[1])
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "tlogvectors:", msg)
	os.Exit(1)
}

func must(err error, what string) {
	if err != nil {
		fail(what + ": " + err.Error())
	}
}

type memHashes []tlog.Hash

func (h *memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x >= int64(len(*h)) {
			return nil, fmt.Errorf("hash %d not stored", x)
		}
		out[i] = (*h)[x]
	}
	return out, nil
}

func record(i int64) []byte {
	return []byte(fmt.Sprintf(`{"time":"2026-11-22T05:%02d:%02dZ","actor":"go-peer","action":"verify","subject":{"name":"model-%d"},"outcome":"ok"}`, i/60%60, i%60, i))
}

func checkpointText(size int64, root tlog.Hash) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(root[:]))
}

func write(dir, name string, data []byte) {
	must(os.WriteFile(filepath.Join(dir, name), data, 0o644), "write "+name)
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	must(err, "read "+name)
	return b
}

func gen(dir string, n, m int64) {
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	must(err, "generate key")
	signer, err := note.NewSigner(skey)
	must(err, "signer")
	write(dir, "signer.key", []byte(skey+"\n"))
	write(dir, "verifier.key", []byte(vkey+"\n"))

	var hashes memHashes
	for i := int64(0); i < n; i++ {
		data := record(i)
		write(dir, fmt.Sprintf("record-%d", i), data)
		add, err := tlog.StoredHashes(i, data, &hashes)
		must(err, "stored hashes")
		hashes = append(hashes, add...)
	}
	sign := func(size int64) []byte {
		root, err := tlog.TreeHash(size, &hashes)
		must(err, "tree hash")
		msg, err := note.Sign(&note.Note{Text: checkpointText(size, root)}, signer)
		must(err, "sign")
		write(dir, fmt.Sprintf("checkpoint-%d", size), msg)
		return msg
	}
	sign(m)
	latest := sign(n)
	for i := int64(0); i < n; i++ {
		p, err := tlog.ProveRecord(n, i, &hashes)
		must(err, "prove record")
		var b bytes.Buffer
		fmt.Fprintf(&b, "c2sp.org/tlog-proof@v1\nindex %d\n", i)
		for _, h := range p {
			fmt.Fprintln(&b, base64.StdEncoding.EncodeToString(h[:]))
		}
		b.WriteString("\n")
		b.Write(latest)
		write(dir, fmt.Sprintf("proof-%d.tlog-proof", i), b.Bytes())
	}
	tp, err := tlog.ProveTree(n, m, &hashes)
	must(err, "prove tree")
	write(dir, fmt.Sprintf("consistency-%d-%d", m, n), hashLines(tp))
	write(dir, "sizes", []byte(fmt.Sprintf("%d\n%d\n", m, n)))
}

func hashLines(hs []tlog.Hash) []byte {
	var b bytes.Buffer
	for _, h := range hs {
		fmt.Fprintln(&b, base64.StdEncoding.EncodeToString(h[:]))
	}
	return b.Bytes()
}

func parseHash(s string) tlog.Hash {
	raw, err := base64.StdEncoding.Strict().DecodeString(s)
	must(err, "hash "+s)
	if len(raw) != tlog.HashSize {
		fail("hash of wrong size: " + s)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return h
}

// openCheckpoint verifies a signed checkpoint with the verifier key and returns size and root.
func openCheckpoint(msg []byte, verifier note.Verifier) (int64, tlog.Hash) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	must(err, "note.Open")
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 || lines[0] != verifier.Name() {
		fail("checkpoint origin or line count wrong: " + n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	must(err, "checkpoint size")
	return size, parseHash(lines[2])
}

func check(dir string) {
	vkey := strings.TrimSpace(string(read(dir, "verifier.key")))
	verifier, err := note.NewVerifier(vkey)
	must(err, "verifier key")
	skey := strings.TrimSpace(string(read(dir, "signer.key")))
	signer, err := note.NewSigner(skey)
	must(err, "signer key")
	if signer.KeyHash() != verifier.KeyHash() || signer.Name() != verifier.Name() {
		fail("signer key does not match verifier key")
	}
	sizes := strings.Fields(string(read(dir, "sizes")))
	oldSize, _ := strconv.ParseInt(sizes[0], 10, 64)
	newSize, _ := strconv.ParseInt(sizes[1], 10, 64)
	s1, oldRoot := openCheckpoint(read(dir, fmt.Sprintf("checkpoint-%d", oldSize)), verifier)
	s2, newRoot := openCheckpoint(read(dir, fmt.Sprintf("checkpoint-%d", newSize)), verifier)
	if s1 != oldSize || s2 != newSize {
		fail("checkpoint sizes differ from the sizes file")
	}
	// Recompute the tree from the records with tlog and compare roots.
	var hashes memHashes
	for i := int64(0); i < newSize; i++ {
		add, err := tlog.StoredHashes(i, read(dir, fmt.Sprintf("record-%d", i)), &hashes)
		must(err, "stored hashes")
		hashes = append(hashes, add...)
	}
	for _, c := range []struct {
		size int64
		root tlog.Hash
	}{{oldSize, oldRoot}, {newSize, newRoot}} {
		got, err := tlog.TreeHash(c.size, &hashes)
		must(err, "tree hash")
		if got != c.root {
			fail(fmt.Sprintf("root of size %d differs from tlog's", c.size))
		}
	}
	for i := int64(0); i < newSize; i++ {
		proofFile := read(dir, fmt.Sprintf("proof-%d.tlog-proof", i))
		idx, path, cp := parseProof(proofFile)
		if idx != i {
			fail(fmt.Sprintf("proof %d claims index %d", i, idx))
		}
		size, root := openCheckpoint(cp, verifier)
		leaf := tlog.RecordHash(read(dir, fmt.Sprintf("record-%d", i)))
		must(tlog.CheckRecord(path, size, root, i, leaf), fmt.Sprintf("CheckRecord %d", i))
	}
	var tp tlog.TreeProof
	sc := bufio.NewScanner(bytes.NewReader(read(dir, fmt.Sprintf("consistency-%d-%d", oldSize, newSize))))
	for sc.Scan() {
		tp = append(tp, parseHash(sc.Text()))
	}
	must(tlog.CheckTree(tp, newSize, newRoot, oldSize, oldRoot), "CheckTree")
	fmt.Printf("OK %d records, checkpoints %d and %d, %d proofs\n", newSize, oldSize, newSize, newSize)
}

func parseProof(b []byte) (int64, tlog.RecordProof, []byte) {
	head, cp, ok := cut(b, []byte("\n\n"))
	if !ok {
		fail("proof has no blank line")
	}
	lines := strings.Split(string(head), "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		fail("proof header")
	}
	lines = lines[1:]
	if strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if !strings.HasPrefix(lines[0], "index ") {
		fail("proof index line")
	}
	idx, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	must(err, "proof index")
	var p tlog.RecordProof
	for _, l := range lines[1:] {
		p = append(p, parseHash(l))
	}
	return idx, p, cp
}

func cut(s, sep []byte) ([]byte, []byte, bool) {
	if i := bytes.Index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, nil, false
}

func bench(n int64) {
	var hashes memHashes
	start := time.Now()
	for i := int64(0); i < n; i++ {
		add, err := tlog.StoredHashes(i, record(i), &hashes)
		must(err, "stored hashes")
		hashes = append(hashes, add...)
	}
	fmt.Printf("go_build_hashes_seconds_%d_records %.1f\n", n, time.Since(start).Seconds())
	root, err := tlog.TreeHash(n, &hashes)
	must(err, "tree hash")
	rnd := mrand.New(mrand.NewSource(1))
	const proofs = 1000
	start = time.Now()
	for i := 0; i < proofs; i++ {
		idx := rnd.Int63n(n)
		p, err := tlog.ProveRecord(n, idx, &hashes)
		must(err, "prove")
		must(tlog.CheckRecord(p, n, root, idx, tlog.RecordHash(record(idx))), "check")
	}
	fmt.Printf("go_inclusion_proof_and_check_microseconds_at_%d %.1f\n", n, float64(time.Since(start).Microseconds())/proofs)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("go_heap_mib %.1f\n", float64(m.HeapSys)/1048576)
}
