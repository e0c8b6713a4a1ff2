#!/usr/bin/env python3
"""Generates the test vectors of docs/msc4097.md with an implementation independent of mxsdk's
Java code (Python's hmac/hashlib and pyca/cryptography's AES-GCM). Checks itself against RFC 8188
section 3.1 first. Run: python3 docs/msc4097-vectors.py

A documentation tool only: the build reads the vectors from docs/msc4097.md and never runs this."""
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


def unpadded(b):
    return base64.urlsafe_b64encode(b).decode("ascii").rstrip("=")


def decode_records(body, key, salt, rs, first, ends_with_final):
    """Opens whole records of a slice, numbered from `first` (section 7)."""
    cek = hkdf1(salt, key, b"Content-Encoding: aes128gcm\x00", 16)
    base = hkdf1(salt, key, b"Content-Encoding: nonce\x00", 12)
    out = b""
    records = [body[i:i + rs] for i in range(0, len(body), rs)]
    for n, record in enumerate(records):
        nonce = (int.from_bytes(base, "big") ^ (first + n)).to_bytes(12, "big")
        plain = AESGCM(cek).decrypt(nonce, record, None).rstrip(b"\x00")
        final = n == len(records) - 1 and ends_with_final
        assert plain[-1:] == (b"\x02" if final else b"\x01"), "delimiter"
        out += plain[:-1]
    return out


def plaintext_length(encoded_length, rs):
    records = -(-(encoded_length - 21) // rs)
    return encoded_length - 21 - 17 * records


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

# Ranged reads (section 7): the records that hold a plaintext range, asked for without the header
# because the key header names rs and salt.
RANGES = [
    ("walrus-download-rs25", WALRUS, 25, "download", 13, 29),
    ("walrus-download-rs25", WALRUS, 25, "download", 45, None),
]
for base_name, obj, rs, rendition, first_byte, last_byte in RANGES:
    salt = salt_for(KEY, obj, rs, rendition)
    encoded = encode(obj, KEY, salt, rs)
    chunk = rs - 17
    length = plaintext_length(len(encoded), rs)
    assert length == len(obj)
    end = len(obj) - 1 if last_byte is None else last_byte
    i, j = first_byte // chunk, end // chunk
    start = 21 + i * rs
    stop = min(len(encoded), 21 + (j + 1) * rs) - 1
    asked = "bytes=%d-%s" % (start, "" if last_byte is None else str(21 + (j + 1) * rs - 1))
    body = encoded[start:stop + 1]
    ends = stop == len(encoded) - 1
    plain = decode_records(body, KEY, salt, rs, i, ends)
    cut = plain[first_byte - i * chunk:end + 1 - i * chunk]
    assert cut == obj[first_byte:end + 1]
    print("```range")
    print("name: %s-bytes-%d-%s" % (base_name, first_byte, "" if last_byte is None else last_byte))
    print("vector: " + base_name)
    print("key-header: alg=aes128gcm, key=%s, rs=%d, salt=%s" % (unpadded(KEY), rs, unpadded(salt)))
    print("plaintext-range: %d-%s" % (first_byte, "" if last_byte is None else last_byte))
    print("request-range: " + asked)
    print("content-range: bytes %d-%d/%d" % (start, stop, len(encoded)))
    print("first-record: %d" % i)
    print("ends-with-final: %s" % ("true" if ends else "false"))
    print("body: " + body.hex())
    print("plaintext: " + cut.hex())
    print("```")
    print()
