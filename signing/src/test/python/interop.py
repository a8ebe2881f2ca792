#!/usr/bin/env python3
"""The independent RFC 9421 implementation in twinguard's interoperability test.

Signs and verifies raw HTTP/1.1 requests with pyauth's http-message-signatures package:

    interop.py sign   ALG PRIVATE.pem REQUEST.http KEYID   -> signed request on stdout
    interop.py verify ALG PUBLIC.pem  REQUEST.http KEYID   -> exit 0 when valid

ALG is ed25519 or ecdsa-p256-sha256. Exit 1: the signature did not verify; 3: the package is
missing (the Java test fails with this message rather than skipping).
"""
import sys

try:
    import http_message_signatures as hms
    from http_message_signatures import algorithms
except ImportError:
    print("interop: Python package http-message-signatures is missing "
          "(scripts/python.sh installs it into .tools/venv)", file=sys.stderr)
    sys.exit(3)

ALGORITHMS = {"ed25519": algorithms.ED25519, "ecdsa-p256-sha256": algorithms.ECDSA_P256_SHA256}
COVERED = ("@method", "@authority", "@path", "content-type")


class Request:
    """The message interface the package reads: method, url and a header mapping."""

    def __init__(self, method, url, headers):
        self.method = method
        self.url = url
        self.headers = headers


def read(path, scheme="https"):
    raw = open(path, "rb").read()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    host = next(v for k, v in headers.items() if k.lower() == "host")
    return Request(method, f"{scheme}://{host}{target}", headers), body


def write(request, body):
    target = request.url.split("://", 1)[1]
    target = target[target.index("/"):]
    lines = [f"{request.method} {target} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def sign(alg, key_file, request_file, keyid):
    request, body = read(request_file)
    resolver = hms.MappingKeyResolver(public_keys={}, private_keys={keyid: open(key_file, "rb").read()})
    signer = hms.HTTPMessageSigner(signature_algorithm=ALGORITHMS[alg], key_resolver=resolver)
    # body= makes the package add Content-Digest and cover it.
    signer.sign(request, key_id=keyid, label="py", covered_component_ids=COVERED, body=body)
    sys.stdout.buffer.write(write(request, body))
    return 0


def verify(alg, key_file, request_file, keyid):
    request, body = read(request_file)
    resolver = hms.MappingKeyResolver(public_keys={keyid: open(key_file, "rb").read()}, private_keys={})
    verifier = hms.HTTPMessageVerifier(signature_algorithm=ALGORITHMS[alg], key_resolver=resolver)
    try:
        results = verifier.verify(request, max_age=None, body=body,
                                  require_components=("@method", "@authority", "@path", "content-digest"))
    except hms.InvalidSignature as e:
        print(f"invalid: {e}", file=sys.stderr)
        return 1
    print("valid: " + ", ".join(r.label for r in results))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 6 or sys.argv[1] not in ("sign", "verify"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    command, *arguments = sys.argv[1:]
    sys.exit((sign if command == "sign" else verify)(*arguments))
