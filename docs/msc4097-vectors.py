#!/usr/bin/env python3
"""Generates the test vectors of docs/msc4097.md with an implementation independent of mxsdk's
Java code (Python's hmac/hashlib and pyca/cryptography's AES-GCM). Checks itself against RFC 8188
section 3.1 first. Run: python3 docs/msc4097-vectors.py"""
import base64
import hashlib
import hmac

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

LABEL = b"org.matrix.msc4097.salt.v1\x00"


def hkdf1(salt, ikm, info, length):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]


def encode(plaintext, key, salt, rs, keyid=b""):
    cek = hkdf1(salt, key, b"Content-Encoding: aes128gcm\x00", 16)
    base = hkdf1(salt, key, b"Content-Encoding: nonce\x00", 12)
    chunk = rs - 17
    records = max(1, -(-len(plaintext) // chunk))
    out = salt + rs.to_bytes(4, "big") + bytes([len(keyid)]) + keyid
    for i in range(records):
        part = plaintext[i * chunk:(i + 1) * chunk]
        delimiter = b"\x02" if i == records - 1 else b"\x01"
        nonce = (int.from_bytes(base, "big") ^ i).to_bytes(12, "big")
        out += AESGCM(cek).encrypt(nonce, part + delimiter, None)
    return out


def salt_for(key, obj, rs, rendition):
    digest = hashlib.sha256(obj).digest()
    msg = LABEL + digest + rs.to_bytes(4, "big") + rendition.encode("utf-8")
    return hmac.new(key, msg, hashlib.sha256).digest()[:16]


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# Self-check: RFC 8188 section 3.1.
rfc = encode(b"I am the walrus", b64url("yqdlZ-tYemfogSmv7Ws5PQ"), b64url("I1BsxtFttlv3u_Oo94xnmw"), 4096)
assert rfc == b64url("I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg"), "RFC 8188 3.1"

KEY = bytes(range(16))
WALRUS = b"I am the walrus, goo goo g'joob. Koo koo kachoo!!!"
assert len(WALRUS) == 50
VECTORS = [
    ("empty-download-rs65536", b"", 65536, "download"),
    ("walrus-download-rs25", WALRUS, 25, "download"),
    ("walrus-download-rs65536", WALRUS, 65536, "download"),
    ("walrus-thumbnail-rs65536", WALRUS, 65536, "thumbnail/64x64/scale/false"),
]
for name, obj, rs, rendition in VECTORS:
    salt = salt_for(KEY, obj, rs, rendition)
    encoded = encode(obj, KEY, salt, rs)
    print("```vector")
    print("name: " + name)
    print("key: " + KEY.hex())
    print("object: " + obj.hex())
    print("rendition: " + rendition)
    print("rs: %d" % rs)
    print("sha256: " + hashlib.sha256(obj).hexdigest())
    print("salt: " + salt.hex())
    print("header: " + encoded[:21].hex())
    print("encoded: " + encoded.hex())
    print("```")
    print()
