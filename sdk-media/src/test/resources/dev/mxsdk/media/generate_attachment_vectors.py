#!/usr/bin/env python3
"""Generates the extra (counter wrap) vectors in attachment-vectors.json with pyca/cryptography.

The counter is modelled block by block: a 16-byte big-endian block where only the low
`counter_bits` bits count and wrap to zero (64 for v1/v2, as WebCrypto's AES-CTR with length 64;
128 when unversioned). Each keystream block is AES-256-ECB of the counter block.
"""
import base64, hashlib, json, sys
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

def ctr(key, iv, data, counter_bits):
    ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    counter = int.from_bytes(iv, "big")
    mask = (1 << counter_bits) - 1
    out = bytearray()
    for i in range(0, len(data), 16):
        stream = ecb.update(counter.to_bytes(16, "big"))
        out += bytes(a ^ b for a, b in zip(data[i:i + 16], stream))
        counter = (counter & ~mask) | ((counter + 1) & mask)
    return bytes(out)

b64 = lambda b: base64.b64encode(b).decode().rstrip("=")
b64u = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")

def vector(name, key, iv, plaintext, version):
    ciphertext = ctr(key, iv, plaintext, 128 if version is None else 64)
    info = {"key": {"kty": "oct", "key_ops": ["encrypt", "decrypt"], "alg": "A256CTR",
                    "k": b64u(key), "ext": True},
            "iv": b64(iv), "hashes": {"sha256": b64(hashlib.sha256(ciphertext).digest())}}
    if version is not None:
        info["v"] = version
    return {"name": name, "ciphertext": b64(ciphertext), "file": info, "plaintext": b64(plaintext)}

key = bytes(range(32))
text = bytes(range(256)) * 2 + b"tail"
json.dump([
    vector("v2 low counter wraps after 2 blocks", key,
           bytes.fromhex("0123456789abcdef" "fffffffffffffffe"), text, "v2"),
    vector("v1 low counter wraps after 1 block", key,
           bytes.fromhex("fedcba9876543210" "ffffffffffffffff"), text, "v1"),
    vector("unversioned 128-bit counter wraps after 3 blocks", key,
           bytes.fromhex("ffffffffffffffff" "fffffffffffffffd"), text, None),
    vector("unversioned carries into the high half", key,
           bytes.fromhex("0123456789abcdef" "ffffffffffffffff"), text, None),
], sys.stdout, indent=2)
