#!/usr/bin/python3
"""Regenerates lz4-block-vectors.txt with Debian's python3-lz4 (an independent LZ4 implementation: liblz4).

Run by hand only; the tests read the committed output and never need python.
Each output line: name <TAB> input as base64 <TAB> raw LZ4 block (lz4.block.compress(store_size=False)) as hex.
"""
import base64
import random
import lz4
import lz4.block

rng = random.Random(20240607)
lorem = (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore "
         b"et dolore magna aliqua. ")
records = b"".join(b"\x0a\x0bfile-%05d.txt\x10\x80\x80\x08\x18\xa4\x03\x42\x20" % i + bytes(8) for i in range(150))
inputs = [
    ("a200", b"A" * 200),
    ("empty", b""),
    ("one-byte", b"x"),
    ("twelve", b"abcdefghijkl"),
    ("thirteen", b"aaaaaaaaaaaaa"),
    ("lorem", lorem * 20),
    ("random-300", bytes(rng.getrandbits(8) for _ in range(300))),
    ("zeros-5000", bytes(5000)),
    ("index-like", records),
    ("mixed", b"".join(bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 40))) + lorem[: rng.randrange(4, 60)]
                       for _ in range(60))),
]
with open("lz4-block-vectors.txt", "w") as out:
    out.write("# python3-lz4 %s (liblz4 %s); see README.md\n" % (lz4.__version__, lz4.library_version_string()))
    for name, data in inputs:
        for mode in ("default", "high_compression"):
            block = lz4.block.compress(data, mode=mode, store_size=False)
            assert lz4.block.decompress(block, uncompressed_size=len(data)) == data
            out.write("%s-%s\t%s\t%s\n" % (name, mode, base64.b64encode(data).decode(), block.hex()))
