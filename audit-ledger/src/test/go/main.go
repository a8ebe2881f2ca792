// Command proofcheck verifies a proof printed by `twinguard audit proof --json` with independent
// implementations: the checkpoint signature with golang.org/x/mod/sumdb/note, and the inclusion
// path with github.com/transparency-dev/merkle (RFC 6962/9162 hasher).
//
//	go run . -key 'origin+hash+base64key' < proof.json
//
// It prints "ok" and exits 0 when both hold, else prints the reason and exits 1.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

type inclusion struct {
	Leaf          string   `json:"leaf"`
	Index         uint64   `json:"index"`
	TreeSize      uint64   `json:"tree_size"`
	InclusionPath []string `json:"inclusion_path"`
	Checkpoint    string   `json:"checkpoint"`
}

func main() {
	key := flag.String("key", "", "the log's verifier key, name+hash+base64")
	flag.Parse()
	if err := check(*key, os.Stdin); err != nil {
		fmt.Println("refused:", err)
		os.Exit(1)
	}
	fmt.Println("ok")
}

func check(key string, in io.Reader) error {
	var p inclusion
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("proof JSON: %w", err)
	}
	verifier, err := note.NewVerifier(key)
	if err != nil {
		return fmt.Errorf("verifier key: %w", err)
	}
	n, err := note.Open([]byte(p.Checkpoint), note.VerifierList(verifier))
	if err != nil {
		return fmt.Errorf("checkpoint signature: %w", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		return fmt.Errorf("checkpoint has %d lines", len(lines))
	}
	if lines[0] != verifier.Name() {
		return fmt.Errorf("checkpoint origin %q is not the key's name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return fmt.Errorf("checkpoint size: %w", err)
	}
	if size != p.TreeSize {
		return fmt.Errorf("checkpoint size %d, proof tree_size %d", size, p.TreeSize)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil {
		return fmt.Errorf("checkpoint root: %w", err)
	}
	leaf, err := base64.StdEncoding.DecodeString(p.Leaf)
	if err != nil {
		return fmt.Errorf("leaf: %w", err)
	}
	path := make([][]byte, len(p.InclusionPath))
	for i, h := range p.InclusionPath {
		if path[i], err = base64.StdEncoding.DecodeString(h); err != nil {
			return fmt.Errorf("inclusion path %d: %w", i, err)
		}
	}
	if !bytes.HasPrefix(leaf, []byte("{")) {
		return fmt.Errorf("leaf is not a JSON object")
	}
	hasher := rfc6962.DefaultHasher
	return proof.VerifyInclusion(hasher, p.Index, p.TreeSize, hasher.HashLeaf(leaf), path, root)
}
