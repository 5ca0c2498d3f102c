"""A smaller ICU data library for the frozen app (Linux), used by build_installer.spec.

Qt's Core links ICU, and PySide6 ships ICU's full data (``libicudata.so.NN``, ~31 MB): the
collation, names and formats of every locale on earth, and hundreds of legacy character
set tables. CommDesk speaks English, does its own formatting, sorts in SQL and reads files
with Python's codecs, so what Qt can ask ICU for is root and English data. This rebuilds the
library with the same name and symbol (``icudtNN_dat``) around a filtered copy of the data:

* kept: what Qt's calls need that is not per-locale (normalisation, properties, collation
  tables, time zones, plural rules, ...) and the root and English locales of those trees;
* dropped: the other locales' resources, the legacy converters (``*.cnv``: Qt then knows
  only the UTF encodings and Latin-1 by name), the transliterators, and the trees Qt never
  asks for (see ``UNUSED_TREES``).

Other locales fall back to root, as ICU does for any locale it lacks (e.g. French time zone
names come out in English). Needs ``icupkg`` (Debian: icu-devtools), ``readelf``, ``as`` and
``ld`` (binutils). ``commdesk --self-test`` checks collation and case mapping in the bundle.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

TOOLS = ("icupkg", "readelf", "as", "ld")
LOCALE_RESOURCE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")


def available() -> bool:
    return all(shutil.which(tool) for tool in TOOLS)


# Qt 6 calls ICU for four things only (``nm -D --undefined-only`` on its libraries): text
# codecs (ucnv_*), collation (ucol_*), calendars and time-zone names (ucal_*) and case mapping
# (u_strTo{Lower,Upper}). Qt breaks text, formats numbers and names languages with its own
# tables, so ICU's data for those (3.2 MB of break rules and dictionaries, currencies, units,
# language names, spelled-out numbers, character names, spoofing and IDNA tables) is unused.
UNUSED_TREES = ("translit/", "brkitr/", "curr/", "unit/", "lang/", "rbnf/")
UNUSED_FILES = re.compile(r"^(unames\.icu|confusables\.cfu|uts46\.nrm|.*\.spp|.*\.cnv)$")


def keep_item(item: str) -> bool:
    """Whether an item of the ICU data package (``coll/fr.res``, ``ibm-943_P15A-2003.cnv``)
    stays in the slim package."""
    name = item.rsplit("/", 1)[-1]
    if item.startswith(UNUSED_TREES) or UNUSED_FILES.match(name):
        return False
    if LOCALE_RESOURCE.match(name):
        return name in ("root.res", "en.res") or name.startswith("en_")
    return True


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, its file offset and size in ``library``."""
    symbols = subprocess.run(
        ["readelf", "-Ws", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r":\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+(icudt\d+_dat)",
        symbols,
    )
    if found is None:
        raise ValueError(f"{library} has no icudtNN_dat symbol")
    address, size, section, name = found.groups()
    sections = subprocess.run(
        ["readelf", "-SW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    header = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if header is None:
        raise ValueError(f"{library}: section {section} not found")
    section_address, section_offset = (int(value, 16) for value in header.groups())
    offset = section_offset + int(address, 16) - section_address
    return name, offset, int(size, 0)


def slim(library: Path, workdir: Path) -> Path:
    """Build the slim copy of ``library`` (a libicudata.so.NN) in ``workdir``; returns it."""
    symbol, offset, size = _data_symbol(library)
    package = symbol.removesuffix("_dat") + "l"  # icudt73l: the little-endian package
    full, small = workdir / "full", workdir / "slim"
    for folder in (full, small):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    with library.open("rb") as handle:
        handle.seek(offset)
        (full / f"{package}.dat").write_bytes(handle.read(size))
    listing = subprocess.run(
        ["icupkg", "-l", str(full / f"{package}.dat")], capture_output=True, text=True, check=True
    ).stdout.split()
    # icupkg reads a list from a file only when its name ends in .txt (relative names).
    (workdir / "drop.txt").write_text(
        "\n".join(item for item in listing if not keep_item(item)) + "\n", encoding="utf-8"
    )
    subprocess.run(
        ["icupkg", "-r", "drop.txt", f"full/{package}.dat", f"slim/{package}.dat"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    source = workdir / "icudata.s"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{small / f"{package}.dat"}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="utf-8",
    )
    target = workdir / library.name
    subprocess.run(["as", "-o", str(workdir / "icudata.o"), str(source)], check=True)
    subprocess.run(
        ["ld", "-shared", "-soname", library.name, "-o", str(target), str(workdir / "icudata.o")],
        check=True,
    )
    return target
