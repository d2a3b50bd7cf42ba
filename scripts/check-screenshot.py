#!/usr/bin/env python3
"""Fails (exit 1) when a PNG screenshot is blank: a single colour, or almost nothing but the
background. Reads 8-bit RGB/RGBA non-interlaced PNGs (what Chromium writes) with zlib and struct.

    scripts/check-screenshot.py docs/report.png
"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (bit depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    path = sys.argv[1]
    try:
        width, height, channels, rows = pixels(path)
    except (OSError, ValueError, zlib.error, struct.error, TypeError) as error:
        print(f"{path}: error: cannot read the screenshot ({error})")
        return 1
    counts = {}
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            colour = row[x:x + 3]
            counts[colour] = counts.get(colour, 0) + 1
    total = sum(counts.values())
    background = max(counts.values())
    ink = 1 - background / total
    if len(counts) < 8 or ink < 0.02:
        print(f"{path}: error: the page looks blank ({len(counts)} colours, {ink:.1%} of pixels differ from the background)")
        return 1
    print(f"{path}: {width}x{height}, {len(counts)} colours, {ink:.1%} of pixels differ from the background")
    return 0


if __name__ == "__main__":
    sys.exit(main())
