// Command tilereader is the independent reader of the tile publishing test: it fetches a log
// published as C2SP tlog-tiles over HTTP and verifies it with nothing but Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (as shipped by Debian).
//
//	tilereader URL VKEY_FILE OLD_CHECKPOINT_FILE INDEX...
//
// It verifies URL/checkpoint's signature with the verifier key, checks that the tiles hash to its
// root (tlog.TileHashReader, height 8, tile paths mapped to the C2SP layout), proves and checks the
// inclusion of each INDEX whose entry it reads from the entry bundles, and checks that the old
// checkpoint (a file, verified the same way) is consistent with the served one, reading the old
// tree's own tiles too. It prints "entry I BASE64" per index and a final "OK" line; any failure
// exits 1 naming the check.
package main

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func main() {
	if len(os.Args) < 4 {
		fail("usage: tilereader URL VKEY_FILE OLD_CHECKPOINT_FILE INDEX...")
	}
	base := strings.TrimSuffix(os.Args[1], "/")
	vkey, err := os.ReadFile(os.Args[2])
	must(err, "read verifier key")
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	must(err, "parse verifier key")

	served := fetch(base + "/checkpoint")
	tree := openCheckpoint(served, verifier, "served checkpoint")
	reader := tileReader{base: base}
	hashes := tlog.TileHashReader(tree, reader)
	root, err := tlog.TreeHash(tree.N, hashes)
	must(err, "tree hash from tiles")
	if root != tree.Hash {
		fail("tiles hash to " + root.String() + ", the checkpoint signs " + tree.Hash.String())
	}
	fmt.Printf("checkpoint %d %s\n", tree.N, tree.Hash)

	for _, arg := range os.Args[4:] {
		i, err := strconv.ParseInt(arg, 10, 64)
		must(err, "index "+arg)
		entry := readEntry(base, tree.N, i)
		proof, err := tlog.ProveRecord(tree.N, i, hashes)
		must(err, fmt.Sprintf("prove record %d", i))
		must(tlog.CheckRecord(proof, tree.N, tree.Hash, i, tlog.RecordHash(entry)), fmt.Sprintf("inclusion of record %d", i))
		fmt.Printf("entry %d %s\n", i, base64.StdEncoding.EncodeToString(entry))
	}

	oldBytes, err := os.ReadFile(os.Args[3])
	must(err, "read old checkpoint")
	old := openCheckpoint(oldBytes, verifier, "old checkpoint")
	// The old tree from its own (partial) tiles, still served for readers that hold the old checkpoint.
	oldRoot, err := tlog.TreeHash(old.N, tlog.TileHashReader(old, reader))
	must(err, "old tree hash from tiles")
	if oldRoot != old.Hash {
		fail("old tree's tiles hash to " + oldRoot.String() + ", the old checkpoint signs " + old.Hash.String())
	}
	proof, err := tlog.ProveTree(tree.N, old.N, hashes)
	must(err, "prove consistency")
	must(tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash), "consistency of the old checkpoint")
	fmt.Printf("OK tree size %d verified from tiles, %d inclusion proofs, consistent with tree size %d\n",
		tree.N, len(os.Args)-4, old.N)
}

// openCheckpoint verifies a signed note and parses its C2SP checkpoint body: origin, size, root.
func openCheckpoint(msg []byte, verifier note.Verifier, what string) tlog.Tree {
	n, err := note.Open(msg, note.VerifierList(verifier))
	must(err, what+" signature")
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail(what + ": not a checkpoint of " + verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	must(err, what+" size")
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	must(err, what+" root")
	if len(raw) != tlog.HashSize {
		fail(what + ": root is not 32 bytes")
	}
	var h tlog.Hash
	copy(h[:], raw)
	return tlog.Tree{N: size, Hash: h}
}

// tileReader serves tlog's tile requests from the C2SP layout: tile/<L>/<N>[.p/<W>] (no height).
type tileReader struct{ base string }

func (r tileReader) Height() int { return 8 }

func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := get(r.base + "/tile/" + strconv.Itoa(t.L) + "/" + c2spIndex(t.N) + widthSuffix(t.W))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

// readEntry returns entry i from its bundle in a tree of size n (partial if it is the last one).
func readEntry(base string, n, i int64) []byte {
	bundle := i / 256
	width := 256
	if bundle == n/256 {
		width = int(n % 256)
	}
	data := fetch(base + "/tile/entries/" + c2spIndex(bundle) + widthSuffix(width))
	for k := 0; k < width; k++ {
		if len(data) < 2 {
			fail(fmt.Sprintf("entry bundle %d ends before entry %d", bundle, k))
		}
		size := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+size {
			fail(fmt.Sprintf("entry bundle %d: entry %d is cut short", bundle, k))
		}
		if int64(k) == i%256 {
			return data[2 : 2+size]
		}
		data = data[2+size:]
	}
	fail(fmt.Sprintf("entry bundle %d has no entry %d", bundle, i%256))
	return nil
}

// c2spIndex writes N as 3-digit groups, all but the last prefixed with x.
func c2spIndex(n int64) string {
	s := fmt.Sprintf("%03d", n%1000)
	for n /= 1000; n > 0; n /= 1000 {
		s = fmt.Sprintf("x%03d/", n%1000) + s
	}
	return s
}

func widthSuffix(w int) string {
	if w == 256 {
		return ""
	}
	return ".p/" + strconv.Itoa(w)
}

func fetch(url string) []byte {
	data, err := get(url)
	must(err, "fetch")
	return data
}

func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<24))
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "tilereader:", msg)
	os.Exit(1)
}

func must(err error, what string) {
	if err != nil {
		fail(what + ": " + err.Error())
	}
}
