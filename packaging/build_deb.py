"""Build a Debian package from the frozen folder (dist/commdesk) with ``dpkg-deb``.

    python packaging/build_deb.py [--dist dist/commdesk] [--out dist]

The package installs the app under /opt/commdesk, a ``commdesk`` launcher in /usr/bin (on the
PATH), the menu entry in /usr/share/applications and the icon in the hicolor theme. It has no
maintainer scripts: Debian's desktop-file-utils and hicolor-icon-theme pick up new menu
entries and icons through dpkg file triggers. Prints the path of the .deb.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "commdesk"
# What the frozen Qt needs from the system on any desktop (the rest is in the bundle).
# libc6: the newest symbol version the bundle's files ask for (built on Debian 12).
DEPENDS = [
    "libc6 (>= 2.36)",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libdbus-1-3",
]
# The packages of the libraries build_installer.spec leaves to the system (SYSTEM_LIBRARIES):
# the desktop's own, present wherever the ones above are. "t64 | old": Ubuntu 24.04 names.
SYSTEM_PACKAGES = [
    "libstdc++6",
    "libgcc-s1",
    "libx11-6",
    "libx11-xcb1",
    "libxau6",
    "libxdmcp6",
    "libxcb-glx0",
    "libxcb-image0",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libpng16-16t64 | libpng16-16",
    "libexpat1",
    "zlib1g",
    "libbz2-1.0",
    "libbrotli1",
    "libglib2.0-0t64 | libglib2.0-0",
    "libpcre2-8-0",
    "libsystemd0",
    "libgcrypt20",
    "libgpg-error0",
    "liblzma5",
    "libzstd1",
    "liblz4-1",
    "libcap2",
    "libbsd0",
    "libmd0",
    "libuuid1",
]
RECOMMENDS = ["gnome-keyring | kwalletmanager", "xdg-desktop-portal"]

LAUNCHER = """#!/bin/sh
# CommDesk: the desktop app, or its command line with arguments (commdesk --help).
exec /opt/commdesk/commdesk "$@"
"""


def version() -> str:
    sys.path.insert(0, str(ROOT))
    import commdesk

    return commdesk.__version__


def architecture() -> str:
    machine = platform.machine()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def control(size_kb: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version()}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Architecture: {architecture()}\n"
        f"Installed-Size: {size_kb}\n"
        f"Depends: {', '.join(DEPENDS + SYSTEM_PACKAGES)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Maintainer: CommDesk developers <commdesk@example.org>\n"
        "Homepage: https://example.org/commdesk\n"
        "Description: community-management dashboard, offline\n"
        " CommDesk keeps your communities, the people in them (employees, customers,\n"
        " suppliers, partners, shareholders, competitors), their activity and your\n"
        " engagement plans in a local database, with charts, spreadsheet import and\n"
        " export, and platform sync with credentials kept in the system keyring.\n"
    )


def build(dist: Path, out: Path) -> Path:
    if not (dist / "commdesk").is_file():
        raise SystemExit(f"build_deb: no frozen app at {dist} (run pyinstaller first)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "root")
        shutil.copytree(dist, root / "opt" / PACKAGE, symlinks=True)
        launcher = root / "usr" / "bin" / PACKAGE
        launcher.parent.mkdir(parents=True)
        launcher.write_text(LAUNCHER, encoding="utf-8")
        launcher.chmod(0o755)
        applications = root / "usr" / "share" / "applications"
        applications.mkdir(parents=True)
        shutil.copyfile(ROOT / "resources" / "commdesk.desktop", applications / "commdesk.desktop")
        icons = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
        icons.mkdir(parents=True)
        shutil.copyfile(ROOT / "resources" / "commdesk.svg", icons / "commdesk.svg")
        for folder, _dirs, files in os.walk(root):
            Path(folder).chmod(0o755)
            for name in files:
                path = Path(folder, name)
                if not path.is_symlink():
                    path.chmod(0o755 if os.access(path, os.X_OK) else 0o644)
        size_kb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) // 1024
        debian = root / "DEBIAN"
        debian.mkdir()
        (debian / "control").write_text(control(size_kb), encoding="utf-8")
        target = out / f"{PACKAGE}_{version()}_{architecture()}.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "commdesk")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    print(build(args.dist, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
