#!/usr/bin/env python3
"""Write the README's example program for one language to a file, so the test script can run it.

Usage: readme_example.py LANG OUT   (LANG is a fence tag: python, js or c)

The README must hold exactly one fenced block with that tag; anything else is an error
(exit 1), so an example cannot silently go missing.
"""
import pathlib
import re
import sys

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lang, out = argv
    blocks = re.findall(r"^```" + re.escape(lang) + r"\n(.*?)^```$", README.read_text(), re.S | re.M)
    if len(blocks) != 1:
        print(f"README.md has {len(blocks)} ```{lang} blocks, expected exactly 1", file=sys.stderr)
        return 1
    pathlib.Path(out).write_text(blocks[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
